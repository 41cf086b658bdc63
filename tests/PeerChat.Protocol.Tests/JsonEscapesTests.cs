using System.Text;

namespace PeerChat.Protocol.Tests;

/// <summary>The scan for what a JSON string must escape, against the plain definition, at every position a vector scan treats differently.</summary>
public class JsonEscapesTests
{
    private static bool MustEscape(char c) => c < ' ' || c == '"' || c == '\\';

    public static TheoryData<char> EscapedChars()
    {
        var data = new TheoryData<char> { '"', '\\' };
        for (char c = '\0'; c < ' '; c++) data.Add(c);
        return data;
    }

    [Theory]
    [MemberData(nameof(EscapedChars))]
    public void Each_escaped_char_is_found_first_wherever_it_stands(char escaped)
    {
        // Lengths around one and two vectors of bytes (16) and of chars (8), the char at every index.
        foreach (int length in new[] { 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 70 })
        {
            for (int at = 0; at < length; at++)
            {
                var text = new string('a', at) + escaped + new string('é', length - at - 1) + escaped;
                Assert.Equal(at, JsonEscapes.IndexOf(text.AsSpan()));
                var utf8 = Encoding.UTF8.GetBytes(text);
                Assert.Equal(Encoding.UTF8.GetByteCount(text[..at]), JsonEscapes.IndexOf(utf8));
            }
        }
    }

    [Fact]
    public void Text_with_nothing_to_escape_gives_minus_one_however_long()
    {
        foreach (int length in new[] { 0, 1, 8, 15, 16, 17, 100, 1000 })
        {
            const string Pool = "a~ é中😀\u007f\u2028'/";
            var text = string.Concat(Enumerable.Range(0, length).Select(i => Pool[i % Pool.Length]));
            Assert.Equal(-1, JsonEscapes.IndexOf(text.AsSpan()));
            Assert.Equal(-1, JsonEscapes.IndexOf(Encoding.UTF8.GetBytes(text)));
        }
    }

    [Fact]
    public void Random_text_agrees_with_the_definition()
    {
        var random = new Random(11);
        for (int round = 0; round < 2000; round++)
        {
            var chars = new char[random.Next(0, 60)];
            for (int i = 0; i < chars.Length; i++) chars[i] = random.Next(8) == 0 ? (char)random.Next(0, 0x23) : (char)random.Next(0x20, 0x3000);
            var expected = Array.FindIndex(chars, MustEscape);
            Assert.Equal(expected, JsonEscapes.IndexOf(chars.AsSpan()));
        }
    }
}
