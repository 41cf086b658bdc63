using Akka.Event;
using PeerChat.Node;

namespace PeerChat.Node.Tests;

public sealed class LogNoiseTests
{
    [Fact]
    public void Akka_IO_bind_failure_is_left_out_of_the_log()
    {
        var e = new Error(new InvalidOperationException("in use"), "akka://x/system/IO-TCP/selectors/$a/0", typeof(LogNoiseTests),
            "Bind failed for TCP channel on endpoint [127.0.0.1:5001]");

        Assert.True(LogNoise.IsNoise(e));
    }

    [Fact]
    public void Other_log_events_are_kept()
    {
        var e = new Warning("akka://x/user/node", typeof(LogNoiseTests), "Bind commander died");

        Assert.False(LogNoise.IsNoise(e));
    }
}
