using System.Text;

namespace PeerChat.Protocol.Tests;

public class IgnoredInputTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r")]
    [InlineData("hello")]
    [InlineData("type: message")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("{}")]
    [InlineData("{ }")]
    [InlineData("[]")]
    [InlineData("""[{"type":"who"}]""")]
    [InlineData("\"type\"")]
    [InlineData("\"{\\\"type\\\":\\\"who\\\"}\"")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("null")]
    public void Line_that_is_not_a_json_object_with_a_type_is_ignored(string line)
    {
        Assert.False(PeerCodec.TryDecode(Bytes.Of(line), out var message));
        Assert.Null(message);
    }

    [Theory]
    [InlineData("""{"message":"hi"}""")]
    [InlineData("""{"name":"Bob","age":"15","zip":"12345","port":"1234"}""")]
    [InlineData("""{"Type":"who"}""")]
    [InlineData("""{"TYPE":"who"}""")]
    [InlineData("""{"type ":"who"}""")]
    [InlineData("""{"x":{"type":"who"}}""")]
    public void Object_without_a_type_field_is_ignored(string line)
    {
        Assert.Null(Bytes.Decode(line));
    }

    [Theory]
    [InlineData("""{"type":null}""")]
    [InlineData("""{"type":1}""")]
    [InlineData("""{"type":true}""")]
    [InlineData("""{"type":["who"]}""")]
    [InlineData("""{"type":{"name":"who"}}""")]
    [InlineData("""{"type":"who","type":null}""")]
    public void Object_whose_type_is_not_a_string_is_ignored(string line)
    {
        Assert.Null(Bytes.Decode(line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ping")]
    [InlineData("whois")]
    [InlineData("wh")]
    [InlineData(" who")]
    [InlineData("who ")]
    [InlineData("join_reply")]
    [InlineData("joinreply")]
    [InlineData("who-reply-2")]
    [InlineData("messages")]
    [InlineData("wHo\\u0000")]
    [InlineData("ẇho")]
    [InlineData("a-very-long-type-name-that-is-longer-than-any-buffer-the-decoder-might-use-for-type-names-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void Object_with_an_unknown_type_is_ignored(string type)
    {
        Assert.Null(Bytes.Decode($$"""{"type":"{{type}}","message":"m"}"""));
    }

    [Theory]
    [InlineData("""{"type":"who"}x""")]
    [InlineData("""{"type":"who"} x""")]
    [InlineData("""{"type":"who"}}""")]
    [InlineData("""{"type":"who"},""")]
    [InlineData("""{"type":"who"}{"type":"who"}""")]
    [InlineData("""{"type":"who"} {"type":"leave"}""")]
    [InlineData("""{"type":"who"}[]""")]
    [InlineData("""{"type":"who"}0""")]
    [InlineData("""{"type":"who"}//comment""")]
    public void Object_followed_by_trailing_garbage_is_ignored(string line)
    {
        Assert.Null(Bytes.Decode(line));
    }

    [Theory]
    [InlineData("""{"type":"who""")]
    [InlineData("""{"type":"who",""")]
    [InlineData("""{"type":""")]
    [InlineData("""{"type""")]
    [InlineData("""{"type":"message","message":"unterminated}""")]
    [InlineData("""{"type":"who-reply","peers":[{"ip":"1.2.3.4","port":"1"}""")]
    [InlineData("""{"type":"who-reply","peers":[{"ip":"1.2.3.4","port":"1"},""")]
    public void Truncated_json_is_ignored(string line)
    {
        Assert.Null(Bytes.Decode(line));
    }

    [Theory]
    [InlineData("""{"type":"who",}""")]
    [InlineData("""{'type':'who'}""")]
    [InlineData("""{type:"who"}""")]
    [InlineData("""{"type":"who" /* c */}""")]
    [InlineData("""{"type":"who"  // c""")]
    [InlineData("""{"type":"who-reply","peers":[,]}""")]
    [InlineData("""{"type":"join","age":015}""")]
    [InlineData("""{"type":"join","age":+15}""")]
    [InlineData("""{"type":"join","age":NaN}""")]
    [InlineData("""{"type":"join","age":.5}""")]
    [InlineData("""{"type":"message","message":"bad \x escape"}""")]
    [InlineData("""{"type":"message","message":"bad \u12 escape"}""")]
    [InlineData("{\"type\":\"message\",\"message\":\"raw\tcontrol\"}")]
    public void Invalid_json_is_ignored(string line)
    {
        Assert.Null(Bytes.Decode(line));
    }

    [Theory]
    // The spec's samples: curly quotes, and a missing comma in who-reply.
    [InlineData("{“type”: “who”}")]
    [InlineData("""{"type": "who-reply", "peers": [{"ip": "1.2.3.4" "port": "1234"}, {"ip": "2,3,4,5" "port": "4567"}]}""")]
    public void Spec_samples_that_are_not_valid_json_are_ignored(string line)
    {
        Assert.Null(Bytes.Decode(line));
    }

    public static TheoryData<byte[]> InvalidUtf8Lines() => new()
    {
        Frame("""{"type":"message","message":"a""", [0xFF], "\"}"),
        Frame("""{"type":"message","message":"a""", [0xC3], "\"}"), // truncated 2-byte sequence
        Frame("""{"type":"message","message":"a""", [0x80], "\"}"), // lone continuation byte
        Frame("""{"type":"message","message":"a""", [0xC0, 0xAF], "\"}"), // overlong '/'
        Frame("""{"type":"message","message":"a""", [0xED, 0xA0, 0x80], "\"}"), // UTF-8 encoded surrogate
        Frame("""{"type":"message","message":"a""", [0xF4, 0x90, 0x80, 0x80], "\"}"), // above U+10FFFF
        Frame("{\"type\":\"message\",\"message\":\"ok\",\"x\":\"", [0xFE], "\"}"), // in an unknown field
        Frame("{\"type\":\"join\",\"name\":\"", [0xE2, 0x9C], "\"}"),
        Frame("{", [0xFF], "\"type\":\"who\"}"),
        Frame("""{"type":"who"}""", [0xFF], ""),
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8Lines))]
    public void Line_with_invalid_utf8_bytes_is_ignored(byte[] line)
    {
        Assert.False(PeerCodec.TryDecode(line, out _));
    }

    public static TheoryData<byte[]> NulLines() => new()
    {
        Frame("""{"type":"message","message":"a""", [0x00], "b\"}"),
        Frame("""{"type":"who"}""", [0x00], ""),
        Frame("{", [0x00], "\"type\":\"who\"}"),
        Frame("", [0x00], """{"type":"who"}"""),
        Frame("""{"type":"who""", [0x00], "\"}"),
        new byte[] { 0x00 },
        new byte[] { 0x00, 0x00, 0x00 },
    };

    [Theory]
    [MemberData(nameof(NulLines))]
    public void Line_with_raw_nul_bytes_is_ignored(byte[] line)
    {
        Assert.False(PeerCodec.TryDecode(line, out _));
    }

    [Fact]
    public void Top_level_array_nested_100000_deep_is_ignored()
    {
        string line = new string('[', 100_000) + new string(']', 100_000);
        Assert.Null(Bytes.Decode(line));
    }

    [Fact]
    public void Field_value_nested_100000_deep_is_ignored()
    {
        string line = """{"type":"who","x":""" + new string('[', 100_000) + new string(']', 100_000) + "}";
        Assert.Null(Bytes.Decode(line));
    }

    [Fact]
    public void Objects_nested_100000_deep_are_ignored()
    {
        var builder = new StringBuilder("""{"type":"message","message":"m","x":""");
        for (int i = 0; i < 100_000; i++) builder.Append("{\"a\":");
        builder.Append('1');
        builder.Append('}', 100_001);
        Assert.Null(Bytes.Decode(builder.ToString()));
    }

    [Fact]
    public void Unclosed_nesting_100000_deep_is_ignored()
    {
        Assert.Null(Bytes.Decode("{\"type\":\"who\",\"x\":" + new string('[', 100_000)));
    }

    [Fact]
    public void Shallow_nesting_in_an_unknown_field_is_accepted()
    {
        string line = """{"type":"who","x":""" + new string('[', 32) + new string(']', 32) + "}";
        Assert.Same(Who.Instance, Bytes.Decode(line));
    }

    [Fact]
    public void Huge_number_in_an_unknown_field_is_skipped()
    {
        string line = """{"type":"leave","x":""" + new string('9', 100_000) + "e99999999}";
        Assert.Same(Leave.Instance, Bytes.Decode(line));
    }

    [Fact]
    public void Huge_numbers_in_known_fields_become_defaults()
    {
        string huge = new('9', 10_000);
        Assert.Equal(new Join(PeerDefaults.Name, PeerDefaults.Age, PeerDefaults.Zip, null),
            Bytes.Decode($$"""{"type":"join","age":{{huge}},"zip":{{huge}},"port":{{huge}}}"""));
    }

    [Fact]
    public void Huge_numeric_strings_in_known_fields_become_defaults()
    {
        string huge = new('9', 10_000);
        Assert.Equal(new Join(PeerDefaults.Name, PeerDefaults.Age, PeerDefaults.Zip, null),
            Bytes.Decode($$"""{"type":"join","age":"{{huge}}","zip":"{{huge}}","port":"{{huge}}"}"""));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(12345);
        byte[] alphabet = Bytes.Of("{}[]\":,\\ u0123456789abcdefEe+-.tnrfl\u00e9\uD83D\uDE00typemessagewhojoinleavepeersipport");
        for (int i = 0; i < 20_000; i++)
        {
            var line = new byte[random.Next(0, 64)];
            if (i % 2 == 0)
            {
                random.NextBytes(line);
            }
            else
            {
                for (int j = 0; j < line.Length; j++) line[j] = alphabet[random.Next(alphabet.Length)];
            }

            PeerCodec.TryDecode(line, out _); // must not throw
        }
    }

    [Fact]
    public void Mutated_valid_frames_never_throw()
    {
        string[] frames =
        [
            """{"type":"join","name":"Bob","age":"15","zip":"12345","port":"1234"}""",
            """{"zip":14623,"port":48025,"name":"jane","type":"join-reply","age":33}""",
            """{"peers":[{"port":59581,"ip":"127.0.0.1"},{"ip":"::ffff:1.2.3.4","port":"1"}],"type":"who-reply"}""",
            """{"type":"message","message":"hello ✓ \u00e9 \ud83d\ude00 \" \\ from jane"}""",
            """{"type":"who"}""",
        ];
        var random = new Random(54321);
        foreach (string frame in frames)
        {
            byte[] original = Bytes.Of(frame);
            for (int i = 0; i < 5_000; i++)
            {
                byte[] line = (byte[])original.Clone();
                int mutations = random.Next(1, 4);
                for (int m = 0; m < mutations; m++)
                {
                    int at = random.Next(line.Length);
                    switch (random.Next(3))
                    {
                        case 0: line[at] = (byte)random.Next(256); break;
                        case 1: line = [.. line.AsSpan(0, at), .. line.AsSpan(at + 1)]; break;
                        default: line = [.. line.AsSpan(0, at), line[random.Next(line.Length)], .. line.AsSpan(at)]; break;
                    }

                    if (line.Length == 0) break;
                }

                PeerCodec.TryDecode(line, out _); // must not throw
            }

            for (int cut = 0; cut <= original.Length; cut++)
            {
                PeerCodec.TryDecode(original.AsSpan(0, cut), out _);
            }
        }
    }

    private static byte[] Frame(string before, byte[] middle, string after) => [.. Bytes.Of(before), .. middle, .. Bytes.Of(after)];
}
