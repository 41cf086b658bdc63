using Akka.Configuration;

namespace PeerChat.Node.Tests;

public sealed class NodeSettingsTests
{
    private static NodeSettings Read(string hocon) => NodeSettings.Create(ConfigurationFactory.ParseString(hocon));

    [Fact]
    public void Defaults_come_from_the_embedded_reference_config()
    {
        var s = Read("");
        Assert.Equal(("anonymous", "0", "00000"), (s.Name, s.Age, s.Zip));
        Assert.Equal(("0.0.0.0", 5000), (s.ListenHost, s.ListenPort));
        Assert.Equal(1 << 20, s.MaxLineLength);
        Assert.Empty(s.Bootstrap);
        Assert.Equal(TimeSpan.FromSeconds(5), s.JoinReplyTimeout);
    }

    [Fact]
    public void Sizes_and_durations_use_hocon_units()
    {
        var s = Read("peerchat.limits.max-line-length = 64 KiB\npeerchat.timeouts.stall = 1500ms");
        Assert.Equal(65536, s.MaxLineLength);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), s.StallTimeout);
    }

    [Fact]
    public void A_zip_keeps_its_leading_zeros()
    {
        Assert.Equal("01234", Read("peerchat.identity.zip = \"01234\"").Zip);
    }

    [Theory]
    [InlineData("peerchat.listen.port = 70000", "peerchat.listen.port")]
    [InlineData("peerchat.listen.port = abc", "peerchat.listen.port")]
    [InlineData("peerchat.identity.age = -3", "peerchat.identity.age")]
    [InlineData("peerchat.identity.zip = \"12a45\"", "peerchat.identity.zip")]
    [InlineData("peerchat.identity.name = \"  \"", "peerchat.identity.name")]
    [InlineData("peerchat.limits.max-line-length = lots", "peerchat.limits.max-line-length")]
    [InlineData("peerchat.timeouts.connect = soon", "peerchat.timeouts.connect")]
    [InlineData("peerchat.timeouts.connect = 0s", "peerchat.timeouts.connect")]
    [InlineData("peerchat.bootstrap = [\"nowhere\"]", "peerchat.bootstrap")]
    [InlineData("peerchat.listen.port = { a = 1 }", "peerchat.listen.port")]
    public void A_bad_value_names_its_key(string hocon, string key)
    {
        var e = Assert.Throws<SettingsException>(() => Read(hocon));
        Assert.Equal(key, e.Key);
        Assert.StartsWith(key + ": ", e.Message);
    }
}
