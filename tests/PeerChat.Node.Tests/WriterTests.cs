namespace PeerChat.Node.Tests;

/// <summary>
/// A connection's writing side as counts: which writes ask Akka.IO for an ack, when a burst is held
/// back, what the backlog is between acks, and what the periodic check finds. Times are
/// milliseconds, as the connection passes them.
/// </summary>
public sealed class WriterTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private static Writer NewWriter(int highWater = 256 * 1024, int maxBuffered = 16 << 20) => new(highWater, maxBuffered, Stall, Interval);

    [Fact]
    public void Writes_ask_for_an_ack_at_most_once_per_interval()
    {
        var writer = NewWriter();
        Assert.True(writer.HandOver(100, now: 1000)); // the first after a silence
        writer.Acked(now: 1001);
        for (var t = 1005; t < 1050; t += 5) Assert.False(writer.HandOver(100, now: t));
        Assert.True(writer.HandOver(100, now: 1050));
    }

    [Fact]
    public void No_write_asks_while_an_ack_is_outstanding_however_long_ago_it_was_asked()
    {
        var writer = NewWriter();
        Assert.True(writer.HandOver(100, now: 1000));
        Assert.False(writer.HandOver(100, now: 2000));
        Assert.False(writer.HandOver(1000, now: 3000));
    }

    [Fact]
    public void A_write_asks_once_64_KiB_have_gone_since_the_last_ack_was_asked_however_soon()
    {
        var writer = NewWriter();
        Assert.True(writer.HandOver(100, now: 1000));
        writer.Acked(now: 1001);
        Assert.False(writer.HandOver(Writer.MostBytesPerAck - 1, now: 1002)); // one byte short
        Assert.True(writer.HandOver(1, now: 1003));
    }

    [Fact]
    public void A_write_asks_once_32_writes_have_gone_since_the_last_ack_was_asked_however_soon()
    {
        var writer = NewWriter();
        Assert.True(writer.HandOver(100, now: 1000));
        writer.Acked(now: 1001);
        for (var i = 1; i < Writer.WritesPerAck; i++) Assert.False(writer.HandOver(100, now: 1002));
        Assert.True(writer.HandOver(100, now: 1003));
    }

    [Fact]
    public void With_a_low_high_water_mark_a_write_asks_every_half_mark()
    {
        var writer = NewWriter(highWater: 16 * 1024);
        Assert.True(writer.HandOver(100, now: 1000));
        writer.Acked(now: 1001);
        Assert.False(writer.HandOver(8 * 1024 - 1, now: 1002));
        Assert.True(writer.HandOver(100, now: 1003));
    }

    [Fact]
    public void A_full_acks_worth_while_an_ack_is_outstanding_holds_the_next_lines_for_one_batch_when_it_comes()
    {
        var writer = NewWriter();
        Assert.True(writer.HandOver(10, now: 1000));
        for (var i = 1; i < Writer.WritesPerAck; i++) writer.HandOver(10, now: 1001);
        Assert.False(writer.Holding);
        writer.HandOver(10, now: 1001); // the 32nd since the ask, which is still out
        Assert.True(writer.Holding);

        writer.Hold("a\n"u8);
        writer.Hold("b\n"u8);
        Assert.Equal(10 + Writer.WritesPerAck * 10 + 4, writer.Backlog); // held bytes are unsent bytes

        var batch = writer.Acked(now: 1002);
        Assert.Equal("a\nb\n"u8.ToArray(), batch?.ToArray());
        Assert.True(writer.Holding); // the burst goes on behind the batch, which asked for the next ack
        Assert.Null(writer.Acked(now: 1003)); // nothing held meanwhile: the burst is over
        Assert.False(writer.Holding);
        Assert.Equal(0, writer.Backlog);
    }

    [Fact]
    public void Unconfirmed_bytes_count_toward_the_high_water_mark_until_an_ack_covers_them()
    {
        var writer = NewWriter(highWater: 16 * 1024);
        Assert.True(writer.HandOver(1024, now: 1000)); // its ack will confirm these 1 KiB only
        Assert.False(writer.HandOver(8 * 1024, now: 1001)); // no ack of its own
        writer.Hold(new byte[8 * 1024]);
        Assert.True(writer.OverHighWater); // 17 KiB: the write that asked nothing counts, and so do held bytes

        writer.Acked(now: 1002); // the held 8 KiB go, asking for the next ack
        Assert.Equal(16 * 1024, writer.Unconfirmed);
        Assert.True(writer.OverHighWater); // still above half the mark: the ack covered only the first write

        writer.Acked(now: 1003);
        Assert.Equal(0, writer.Unconfirmed);
        Assert.False(writer.OverHighWater);
    }

    [Fact]
    public void An_ack_that_leaves_a_full_acks_worth_unconfirmed_asks_again_at_once_on_an_empty_write()
    {
        var writer = NewWriter();
        Assert.True(writer.HandOver(100, now: 1000));
        writer.HandOver(Writer.MostBytesPerAck, now: 1001); // went while the ack was out
        Assert.Equal(0, writer.Acked(now: 1002)?.Count);
        Assert.False(writer.HandOver(100, now: 2000)); // the one asked on the ack is outstanding
        Assert.Null(writer.Acked(now: 2001)); // less than a full ack's worth since: nothing to ask
    }

    [Fact]
    public void A_quiet_members_last_lines_are_confirmed_by_the_check_once_the_interval_has_passed()
    {
        var writer = NewWriter();
        Assert.True(writer.HandOver(100, now: 1000));
        writer.Acked(now: 1001);
        Assert.False(writer.HandOver(100, now: 1010)); // the lone line: then silence

        Assert.Equal(WriteCheck.Waiting, writer.Check(now: 1040));
        Assert.Equal(WriteCheck.Confirm, writer.Check(now: 1050));
        Assert.Equal(WriteCheck.Waiting, writer.Check(now: 1100)); // asked: its ack is on its way
        writer.Acked(now: 1101);
        Assert.Equal(0, writer.Unconfirmed);
        Assert.Equal(WriteCheck.AllConfirmed, writer.Check(now: 1200));
    }

    [Fact]
    public void A_member_is_stalled_when_the_outstanding_ack_is_older_than_the_stall_timeout()
    {
        var writer = NewWriter();
        Assert.True(writer.HandOver(100, now: 1000));
        for (var t = 1001; t < 30_000; t += 1000) writer.HandOver(100, now: t); // writes go on; none asks
        Assert.Equal(WriteCheck.Waiting, writer.Check(now: 31_000));
        Assert.Equal(WriteCheck.Stalled, writer.Check(now: 31_001));
    }

    [Fact]
    public void Bytes_past_max_outbound_buffer_do_not_fit_until_an_ack_confirms_room()
    {
        var writer = NewWriter(highWater: 4096, maxBuffered: 8192);
        Assert.True(writer.HandOver(4096, now: 1000));
        writer.HandOver(2048, now: 1001); // half the mark while the ack is out: the next is held
        writer.Hold(new byte[2048]);
        Assert.False(writer.Fits(1));
        writer.Acked(now: 1002); // confirms the first 4096; the held 2048 go as a batch
        Assert.True(writer.Fits(4096));
        Assert.False(writer.Fits(4097));
    }
}
