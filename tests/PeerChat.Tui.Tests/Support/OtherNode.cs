using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using PeerChat.Node;

namespace PeerChat.Tui.Tests.Support;

/// <summary>A second real node in its own ActorSystem, its events collected for the test to wait on.</summary>
internal sealed class OtherNode : IDisposable
{
    private readonly BlockingCollection<ChatEvent> _events = new();

    private sealed class Collector : ReceiveActor
    {
        public Collector(BlockingCollection<ChatEvent> events)
        {
            Receive<ChatEvent>(events.Add);
        }
    }

    private OtherNode(string name, string age, string zip)
    {
        var config = ConfigurationFactory.ParseString(ScreenHarness.NodeConfig(name).Replace("age = 42", $"age = {age}").Replace("\"54321\"", $"\"{zip}\""))
            .WithFallback(NodeSettings.DefaultConfig);
        System = ActorSystem.Create("other", config);
        var events = _events;
        var collector = System.ActorOf(Props.Create(() => new Collector(events)));
        System.EventStream.Subscribe(collector, typeof(ChatEvent));
        Node = ChatNode.Start(System, NodeSettings.Create(config));
        Port = Expect<Listening>().Port;
    }

    public ActorSystem System { get; }
    public IActorRef Node { get; }
    public int Port { get; }

    public static OtherNode Start(string name, string age = "25", string zip = "10001") => new(name, age, zip);

    /// <summary>The next event of type <typeparamref name="T"/> matching <paramref name="match"/>, skipping others.</summary>
    public T Expect<T>(Func<T, bool>? match = null) where T : ChatEvent
    {
        var deadline = DateTime.UtcNow + ScreenHarness.Timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_events.TryTake(out var e, left))
                throw new Xunit.Sdk.XunitException($"no {typeof(T).Name} within {ScreenHarness.Timeout.TotalSeconds} s");
            if (e is T t && (match is null || match(t))) return t;
        }
    }

    public void Dispose()
    {
        System.Terminate().Wait(TimeSpan.FromSeconds(5));
        _events.Dispose();
    }
}
