using System.Net;
using Akka.Actor;
using Akka.IO;
using PeerChat.Protocol;
using PeerChat.Testing;
using static PeerChat.Node.ConnectionProtocol;

namespace PeerChat.Node.Tests;

/// <summary>
/// What a connection asks of its Akka.IO socket, seen on a real one: a recorder sits between the
/// connection and Akka.IO's connection actor, passes everything on and shows the test every write
/// and every ack.
/// </summary>
public sealed class WriteAckTests : PeerChatTestKit
{
    private sealed record AckArrived(object Ack);

    private sealed class WriteRecorder(IActorRef socket, IActorRef recorder) : UntypedActor
    {
        private IActorRef _connection = ActorRefs.Nobody;

        protected override void OnReceive(object message)
        {
            if (message is Tcp.Write write)
            {
                _connection = Sender;
                recorder.Tell(write);
                socket.Tell(write, Self); // its ack comes back here
            }
            else if (Sender.Equals(socket))
            {
                _connection.Tell(message, socket); // first, so the connection has it before the test hears of it
                recorder.Tell(new AckArrived(message));
            }
            else socket.Forward(message); // register, reads, close: as if sent straight
        }
    }

    [Fact]
    public async Task A_lone_line_is_confirmed_by_the_stall_check_without_another_write()
    {
        var system = ActorSystem.Create("acks", NodeSettings.DefaultConfig);
        try
        {
            // The check runs every quarter of the stall timeout; a write asks on its own only 2 s after the last.
            var settings = NodeSettings.Create(NodeSettings.DefaultConfig) with
            {
                StallTimeout = TimeSpan.FromSeconds(1),
                WriteAckInterval = TimeSpan.FromSeconds(2),
            };
            var listener = CreateTestProbe(system);
            system.Tcp().Tell(new Tcp.Bind(listener.Ref, new IPEndPoint(IPAddress.Loopback, 0), pullMode: true), listener.Ref);
            var bound = await listener.ExpectMsgAsync<Tcp.Bound>();
            listener.LastSender.Tell(new Tcp.ResumeAccepting(1));
            var joining = RawPeer.JoinAsync(((IPEndPoint)bound.LocalAddress).Port, "peer");
            var connected = await listener.ExpectMsgAsync<Tcp.Connected>();
            var writes = CreateTestProbe(system);
            var between = system.ActorOf(Props.Create(() => new WriteRecorder(listener.LastSender, writes.Ref)));
            var node = CreateTestProbe(system);
            var connection = system.ActorOf(PeerConnection.Inbound(node.Ref, settings, new Join("n", "30", "12345", 5000), between, connected));

            connection.Tell(StartHandshake.Instance);
            await using var peer = await joining;
            await node.ExpectMsgAsync<JoinCompleted>();
            connection.Tell(Admit.Instance);
            Assert.True((await writes.ExpectMsgAsync<Tcp.Write>()).WantsAck); // the join-reply, first after a silence
            await writes.ExpectMsgAsync<AckArrived>();

            connection.Tell(new Write(PeerCodec.EncodeLine(new ChatMessage("lone"))));
            Assert.False((await writes.ExpectMsgAsync<Tcp.Write>()).WantsAck); // too soon after the last ack to ask
            Assert.Equal("lone", (await peer.ExpectFrameAsync("message")).GetProperty("message").GetString());

            // Nothing more is written by anyone, yet the line gets confirmed: an empty write asks, Akka.IO acks it.
            var confirm = await writes.ExpectMsgAsync<Tcp.Write>(TimeSpan.FromSeconds(10));
            Assert.True(confirm.WantsAck);
            Assert.True(confirm.Data.IsEmpty);
            await writes.ExpectMsgAsync<AckArrived>();
            connection.Tell(CloseQuietly.Instance);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
