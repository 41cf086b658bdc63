using System.Buffers;

namespace PeerChat.Protocol.Tests;

public class AllocationTests
{
    [Fact]
    public void Decoding_who_allocates_nothing()
    {
        byte[] line = "{\"type\":\"who\"}"u8.ToArray();
        Assert.Equal(0, Allocations.PerCall(() => PeerCodec.TryDecode(line, out _)));
    }

    [Fact]
    public void Decoding_leave_from_java_allocates_nothing()
    {
        byte[] line = "{\"extra\":[1,2,{\"a\":\"b\"}],\"type\":\"LEAVE\"}"u8.ToArray();
        Assert.Equal(0, Allocations.PerCall(() => PeerCodec.TryDecode(line, out _)));
    }

    [Fact]
    public void Rejecting_garbage_allocates_nothing()
    {
        byte[] line = "not json at all"u8.ToArray();
        Assert.Equal(0, Allocations.PerCall(() => PeerCodec.TryDecode(line, out _)));
    }

    [Fact]
    public void Decoding_a_message_allocates_only_the_text_and_the_record()
    {
        byte[] line = "{\"type\":\"message\",\"message\":\"Hello There!\"}"u8.ToArray();
        long expected = Allocations.PerCall(() => _ = new ChatMessage(new string("Hello There!".AsSpan())));
        Assert.Equal(expected, Allocations.PerCall(() => PeerCodec.TryDecode(line, out _)));
    }

    [Fact]
    public void Writing_to_a_reused_buffer_allocates_nothing()
    {
        var output = new ArrayBufferWriter<byte>(4096);
        var messages = new PeerMessage[]
        {
            new ChatMessage("Hello There! ✓"),
            new Join("Bob", "15", "12345", 1234),
            new WhoReply([new PeerAddress("1.2.3.4", 1234)]),
            Who.Instance,
        };

        Assert.Equal(0, Allocations.PerCall(() =>
        {
            foreach (PeerMessage message in messages) PeerCodec.Write(message, output);
            output.ResetWrittenCount();
        }));
    }

    [Fact]
    public void EncodeLine_allocates_only_the_returned_array()
    {
        var message = new ChatMessage("Hello There!");
        int length = PeerCodec.EncodeLine(message).Length;
        long expected = Allocations.PerCall(() => _ = new byte[length]);
        Assert.Equal(expected, Allocations.PerCall(() => PeerCodec.EncodeLine(message)));
    }
}
