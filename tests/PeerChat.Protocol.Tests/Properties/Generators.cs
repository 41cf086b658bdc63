using System.Globalization;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace PeerChat.Protocol.Tests.Properties;

// Wrapper types let properties take generated values as plain parameters: FsCheck finds their
// generators in ProtocolArbitraries and shrinks each parameter of a failing case on its own.
// ToString escapes everything unprintable so a counterexample can be pasted into a test.

/// <summary>Well-formed UTF-16 (no lone surrogates), possibly empty or blank.</summary>
public sealed record ValidText(string Value)
{
    public override string ToString() => Show.Text(Value);
}

/// <summary>Any UTF-16, lone surrogates included.</summary>
public sealed record AnyText(string Value)
{
    public override string ToString() => Show.Text(Value);
}

/// <summary>An age as the encoder writes it: "0".."2147483647", no leading zeros.</summary>
public sealed record CanonicalAge(string Value);

/// <summary>A zip as a peer may send it: 1..10 ASCII digits, leading zeros kept.</summary>
public sealed record ZipCode(string Value);

/// <summary>A listen port 1..65535, or null (no valid port).</summary>
public sealed record ListenPort(int? Value);

/// <summary>who-reply entries with canonical IP text (IPAddress.ToString(), never IPv4-mapped IPv6) and ports 1..65535.</summary>
public sealed record CanonicalPeers(PeerAddress[] Value)
{
    public override string ToString() => "[" + string.Join(", ", Value.Select(p => $"{p.Ip} port {p.Port}")) + "]";
}

/// <summary>Any message record with canonical fields (one that survives encode then decode unchanged).</summary>
public sealed record CanonicalMessage(PeerMessage Value)
{
    public override string ToString() => Show.Message(Value);
}

/// <summary>Any message record with arbitrary fields: lone surrogates, nulls, any port, any IP text.</summary>
public sealed record AnyMessage(PeerMessage Value)
{
    public override string ToString() => Show.Message(Value);
}

/// <summary>One line of a stream: content bytes (never '\n') and whether it ends in "\r\n" rather than "\n".</summary>
public sealed record StreamLine(byte[] Content, bool Crlf)
{
    public byte[] Bytes() => [.. Content, .. (Crlf ? "\r\n"u8 : "\n"u8)];

    public override string ToString() => Show.Bytes(Content) + (Crlf ? " + CRLF" : " + LF");
}

/// <summary>Chunk lengths applied in a cycle to cut a byte stream (a 0 feeds an empty span).</summary>
public sealed record Chunking(int[] Sizes)
{
    public override string ToString() => "chunks [" + string.Join(",", Sizes) + "]";
}

/// <summary>A small maximum line length for the framer.</summary>
public sealed record SmallMaxLength(int Value);

/// <summary>Hostile input: random bytes, JSON-ish token soup, deep nesting, mutated frames.</summary>
public sealed record HostileBytes(byte[] Value)
{
    public override string ToString() => Show.Bytes(Value);
}

/// <summary>A line that is a JSON object shaped like a frame (every field in many valid and invalid forms), or a mutated encoded frame.</summary>
public sealed record FrameLike(byte[] Value)
{
    public override string ToString() => Show.Bytes(Value);
}

/// <summary>A UTF-16 string (lone surrogates included) and one JSON string literal of it, each char escaped or raw at random.</summary>
public sealed record EscapedText(string Text, byte[] Literal)
{
    public override string ToString() => Show.Text(Text) + " as " + Show.Bytes(Literal);
}

/// <summary>Every generator the properties use, registered with <c>[Properties(Arbitrary = …)]</c>.</summary>
public static class ProtocolArbitraries
{
    public static Arbitrary<ValidText> ValidTextArb() =>
        Arb.From(Gens.ValidString.Select(s => new ValidText(s)), t => Shrinks.ValidString(t.Value).Select(s => new ValidText(s)));

    public static Arbitrary<AnyText> AnyTextArb() =>
        Arb.From(Gens.AnyString.Select(s => new AnyText(s)), t => Shrinks.Chars(t.Value).Select(s => new AnyText(s)));

    public static Arbitrary<CanonicalAge> CanonicalAgeArb() =>
        Arb.From(Gens.CanonicalAge.Select(a => new CanonicalAge(a)));

    public static Arbitrary<ZipCode> ZipCodeArb() => Arb.From(Gens.Zip.Select(z => new ZipCode(z)));

    public static Arbitrary<ListenPort> ListenPortArb() => Arb.From(Gens.Port.Select(p => new ListenPort(p)));

    public static Arbitrary<CanonicalPeers> CanonicalPeersArb() =>
        Arb.From(Gens.CanonicalPeer.ArrayOf().Select(p => new CanonicalPeers(p)),
            p => Shrinks.Array(p.Value).Select(a => new CanonicalPeers(a)));

    public static Arbitrary<CanonicalMessage> CanonicalMessageArb() =>
        Arb.From(Gens.CanonicalMessage.Select(m => new CanonicalMessage(m)));

    public static Arbitrary<AnyMessage> AnyMessageArb() => Arb.From(Gens.AnyMessage.Select(m => new AnyMessage(m)));

    public static Arbitrary<StreamLine> StreamLineArb() =>
        Arb.From(Gens.StreamLine, l => Shrinks.Array(l.Content).Select(c => new StreamLine(c, l.Crlf)));

    public static Arbitrary<StreamLine[]> StreamLinesArb() =>
        Arb.From(Gens.StreamLines, lines => Shrinks.Array(lines));

    public static Arbitrary<Chunking> ChunkingArb() => Arb.From(Gens.Chunking, c => Shrinks.Chunking(c.Sizes));

    public static Arbitrary<SmallMaxLength> SmallMaxLengthArb() =>
        Arb.From(Gen.Choose(1, 64).Select(n => new SmallMaxLength(n)),
            m => Enumerable.Range(1, m.Value - 1).Reverse().Take(8).Select(n => new SmallMaxLength(n)));

    public static Arbitrary<HostileBytes> HostileBytesArb() =>
        Arb.From(Gens.Hostile.Select(b => new HostileBytes(b)), h => Shrinks.Array(h.Value).Select(b => new HostileBytes(b)));

    public static Arbitrary<FrameLike> FrameLikeArb() =>
        Arb.From(Gens.FrameLike.Select(b => new FrameLike(b)), f => Shrinks.Array(f.Value).Select(b => new FrameLike(b)));

    public static Arbitrary<EscapedText> EscapedTextArb() =>
        Arb.From(Gens.AnyString.SelectMany(s => Gens.JsonStringLiteral(s).Select(lit => new EscapedText(s, lit))));
}

/// <summary>The generators themselves.</summary>
public static class Gens
{
    private static readonly int[] SpecialScalars =
    [
        '"', '\\', '/', '\'', '{', '}', '[', ']', ':', ',', '<', '>', '&', '+', 0x00, 0x7F,
        0x85, 0xA0, 0xAD, 0x2028, 0x2029, 0x200B, 0x200D, 0x202E, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF,
        0xD7FF, 0xE000, 0x10000, 0x1F600, 0x1F44D, 0x1F3FD, 0x1D11E, 0x10FFFF,
    ];

    /// <summary>Every char that <see cref="char.IsWhiteSpace(char)"/> accepts (blank names are built from these).</summary>
    public static readonly int[] WhiteSpace =
    [
        '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
        0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
    ];

    /// <summary>A Unicode scalar value (any code point but a surrogate), biased to the interesting ones.</summary>
    public static readonly Gen<int> Scalar = Gen.Frequency(
        (30, Gen.Choose(0x20, 0x7E)),
        (6, Gen.Choose(0x00, 0x1F)),
        (8, Gen.Elements(SpecialScalars)),
        (3, Gen.Elements(WhiteSpace)),
        (8, Gen.Choose(0x80, 0x7FF)),
        (8, Gen.Choose(0x800, 0xD7FF)),
        (4, Gen.Choose(0xE000, 0xFFFF)),
        (10, Gen.Choose(0x10000, 0x10FFFF)));

    public static Gen<string> StringOf(Gen<int> scalars) =>
        scalars.ArrayOf().Select(cps => string.Concat(cps.Select(char.ConvertFromUtf32)));

    /// <summary>Well-formed UTF-16: built from scalar values, so no lone surrogate can appear.</summary>
    public static readonly Gen<string> ValidString = Gen.Frequency(
        (10, StringOf(Scalar)),
        (1, StringOf(Gen.Elements(WhiteSpace))), // blank (including "")
        (1, Gen.Choose(0x20, 0x7E).ArrayOf().Select(cs => new string(cs.Select(c => (char)c).ToArray()))));

    /// <summary>Any UTF-16 code unit sequence: valid text with lone surrogates, reversed pairs and half pairs mixed in.</summary>
    public static readonly Gen<string> AnyString = Gen.Frequency(
        (1, ValidString),
        (3, Gen.Frequency(
                (6, Scalar.Select(char.ConvertFromUtf32)),
                (2, Gen.Choose(0xD800, 0xDFFF).Select(c => ((char)c).ToString())),
                (1, Gen.Choose(0x10000, 0x10FFFF).Select(c => { string p = char.ConvertFromUtf32(c); return $"{p[1]}{p[0]}"; })))
            .ArrayOf().Select(string.Concat)));

    public static readonly Gen<string> CanonicalAge = Gen.Frequency(
            (4, Gen.Choose(0, 150)),
            (3, Gen.Choose(0, int.MaxValue)),
            (1, Gen.Elements(0, 1, 9, 10, 99, 100, int.MaxValue - 1, int.MaxValue)))
        .Select(a => a.ToString(CultureInfo.InvariantCulture));

    public static readonly Gen<string> Zip =
        Gen.Choose(1, 10).SelectMany(n => Gen.Choose('0', '9').ArrayOf(n))
            .Select(ds => new string(ds.Select(d => (char)d).ToArray()));

    public static readonly Gen<int?> Port = Gen.Frequency(
        (1, Gen.Constant<int?>(null)),
        (8, Gen.Choose(1, 65535).Select(p => (int?)p)),
        (1, Gen.Elements<int?>(1, 2, 80, 1023, 1024, 65534, 65535)));

    public static readonly Gen<int> PeerPort = Port.Select(p => p ?? 1);

    private static readonly Gen<byte> Octet = Gen.Frequency(
        (3, Gen.Choose(0, 255)),
        (1, Gen.Elements(0, 1, 10, 127, 192, 255))).Select(b => (byte)b);

    private static readonly Gen<int> Hextet = Gen.Frequency(
        (5, Gen.Constant(0)),
        (4, Gen.Choose(0, 0xFFFF)),
        (1, Gen.Choose(0, 0xFF)),
        (1, Gen.Elements(1, 0xFFFF, 0xFE80, 0x2001, 0x0DB8, 0x0064, 0xFF9B, 0x5EFE)));

    public static readonly Gen<IPAddress> IPv4 = Octet.ArrayOf(4).Select(b => new IPAddress(b));

    private static byte[] FromHextets(int[] h)
    {
        var bytes = new byte[16];
        for (int i = 0; i < 8; i++)
        {
            bytes[2 * i] = (byte)(h[i] >> 8);
            bytes[2 * i + 1] = (byte)h[i];
        }

        return bytes;
    }

    /// <summary>Any IPv6 address, with the forms whose text differs the most (zero runs, "::", "::1", embedded IPv4, scope ids).</summary>
    public static readonly Gen<IPAddress> IPv6AnyForm = Gen.Frequency(
        (8, Hextet.ArrayOf(8).Select(h => new IPAddress(FromHextets(h)))),
        (1, Gen.Elements(IPAddress.IPv6Any, IPAddress.IPv6Loopback, IPAddress.Parse("::2"), IPAddress.Parse("1::"))),
        (2, Gen.Elements(0x0000, 0xFFFF, 0x5EFE).SelectMany(marker => Octet.ArrayOf(4).Select(v4 =>
        {
            // ::a.b.c.d, ::ffff:a.b.c.d (mapped), ::5efe:a.b.c.d (ISATAP-like)
            var bytes = new byte[16];
            bytes[10] = (byte)(marker >> 8);
            bytes[11] = (byte)marker;
            v4.CopyTo(bytes, 12);
            return new IPAddress(bytes);
        }))),
        (1, Hextet.ArrayOf(8).SelectMany(h => Gen.Choose(1, int.MaxValue).Select(scope => new IPAddress(FromHextets(h), scope)))));

    /// <summary>Canonical IP text: IPAddress.ToString() of IPv4 and of IPv6 that is not IPv4-mapped (that decodes as its IPv4 form).</summary>
    public static readonly Gen<string> CanonicalIp = Gen.Frequency(
            (1, IPv4),
            (2, IPv6AnyForm.Where(a => !a.IsIPv4MappedToIPv6)))
        .Select(a => a.ToString());

    public static readonly Gen<PeerAddress> CanonicalPeer =
        CanonicalIp.SelectMany(ip => PeerPort.Select(port => new PeerAddress(ip, port)));

    /// <summary>Join or JoinReply with fields decode gives back unchanged (a blank name is not canonical: it decodes as the default).</summary>
    private static Gen<(string Name, string Age, string Zip, int? Port)> CanonicalMember =>
        ValidString.Where(n => !string.IsNullOrWhiteSpace(n)).SelectMany(name =>
            CanonicalAge.SelectMany(age => Zip.SelectMany(zip => Port.Select(port => (name, age, zip, port)))));

    public static readonly Gen<PeerMessage> CanonicalMessage = Gen.Frequency(
        (3, CanonicalMember.Select(m => (PeerMessage)new Join(m.Name, m.Age, m.Zip, m.Port))),
        (3, CanonicalMember.Select(m => (PeerMessage)new JoinReply(m.Name, m.Age, m.Zip, m.Port))),
        (1, Gen.Constant<PeerMessage>(Who.Instance)),
        (1, Gen.Constant<PeerMessage>(Leave.Instance)),
        (3, CanonicalPeer.ArrayOf().Select(p => (PeerMessage)new WhoReply(p))),
        (4, ValidString.Select(t => (PeerMessage)new ChatMessage(t))));

    private static readonly Gen<string> AnyStringOrNull = Gen.Frequency((1, Gen.Constant<string>(null!)), (9, AnyString));

    private static readonly Gen<int?> AnyInt = Gen.Frequency(
        (1, Gen.Constant<int?>(null)),
        (3, Gen.Choose(int.MinValue, int.MaxValue).Select(p => (int?)p)),
        (2, Gen.Elements<int?>(int.MinValue, -1, 0, 65536, int.MaxValue)));

    private static Gen<(string Name, string Age, string Zip, int? Port)> AnyMember =>
        AnyStringOrNull.SelectMany(name => AnyStringOrNull.SelectMany(age =>
            AnyStringOrNull.SelectMany(zip => AnyInt.Select(port => (name, age, zip, port)))));

    private static readonly Gen<PeerAddress> AnyPeer = Gen.Frequency(
            (1, CanonicalPeer),
            (1, AnyStringOrNull.SelectMany(ip => AnyInt.Select(port => new PeerAddress(ip, port ?? 0)))));

    /// <summary>Any record, with fields the encoder must cope with but that need not survive a round trip.</summary>
    public static readonly Gen<PeerMessage> AnyMessage = Gen.Frequency(
        (3, AnyMember.Select(m => (PeerMessage)new Join(m.Name, m.Age, m.Zip, m.Port))),
        (3, AnyMember.Select(m => (PeerMessage)new JoinReply(m.Name, m.Age, m.Zip, m.Port))),
        (1, Gen.Constant<PeerMessage>(Who.Instance)),
        (1, Gen.Constant<PeerMessage>(Leave.Instance)),
        (2, AnyPeer.ArrayOf().Select(p => (PeerMessage)new WhoReply(p))),
        (1, Gen.Constant<PeerMessage>(new WhoReply(null!))),
        (4, AnyStringOrNull.Select(t => (PeerMessage)new ChatMessage(t))));

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] WithoutNewline(byte[] line) => line[..^1];

    /// <summary>Content of one stream line: text or an encoded frame; never contains '\n'; sometimes ends in '\r'.</summary>
    public static readonly Gen<byte[]> LineContent = Gen.Frequency(
        (4, StringOf(Scalar.Where(c => c != '\n')).Select(Utf8)),
        (3, CanonicalMessage.Select(m => WithoutNewline(PeerCodec.EncodeLine(m)))),
        (1, AnyMessage.Select(m => WithoutNewline(PeerCodec.EncodeLine(m)))),
        (1, Gen.Constant(Array.Empty<byte>())),
        (1, Gen.Elements("\r", "\r\r", " ", "\t\r").Select(Utf8)),
        (3, Gen.Choose(0, 70).Select(n => Utf8(new string('x', n)))), // lengths right around the limit
        (2, Gen.Choose(0, 70).Select(n => Utf8(new string('y', n) + "\r"))));

    public static readonly Gen<StreamLine> StreamLine =
        LineContent.SelectMany(content => Gen.Elements(false, true).Select(crlf => new StreamLine(content, crlf)));

    /// <summary>Up to a third of the size in lines (each line still grows with the full size).</summary>
    public static readonly Gen<StreamLine[]> StreamLines =
        Gen.Sized(size => Gen.Choose(0, Math.Max(1, size / 3))).SelectMany(n => StreamLine.ArrayOf(n));

    public static readonly Gen<Chunking> Chunking = Gen.Frequency(
        (1, Gen.Constant(new Chunking([1]))),
        (4, Gen.Frequency((1, Gen.Constant(0)), (8, Gen.Choose(1, 8)), (2, Gen.Choose(9, 64))).NonEmptyListOf()
            .Where(s => s.Any(n => n > 0)).Select(s => new Chunking([.. s]))),
        (1, Gen.Choose(1, 400).NonEmptyListOf().Select(s => new Chunking([.. s]))));

    private static readonly byte[][] HostileTokens =
    [
        .. new[]
        {
            "{", "{", "{", "}", "[", "]", "\"", "\"", ":", ",", "\\", "\\u", "\\uD800", "\\uDC00", "\\ud83d\\ude00", "\\\"",
            "\"type\"", "\"join\"", "\"join-reply\"", "\"who\"", "\"who-reply\"", "\"leave\"", "\"message\"", "\"peers\"",
            "\"ip\"", "\"port\"", "\"name\"", "\"age\"", "\"zip\"", "0", "-0", "1", "15.0", "1.5e1", "1e400", "-1",
            "99999999999999999999", "0x10", "true", "false", "null", "nul", " ", "\t", "\r", "\n", "\r\n",
            "\u0000", "\u2028", "😀", "::ffff:1.2.3.4", "1.2.3", "/*", "*/", "//",
        }.Select(Utf8),
        [0xFF], [0xFE], [0xC0, 0x80], [0xC3], [0xED, 0xA0, 0x80], [0xED, 0xB0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF0, 0x9F, 0x98], [0x80], [0xEF, 0xBB, 0xBF], [0xE2, 0x80, 0xA8],
    ];

    private static Gen<byte[]> Concat(Gen<byte[]> parts) => parts.ArrayOf().Select(ps => ps.SelectMany(p => p).ToArray());

    private static readonly (string Open, string Close)[] Nesters =
        [("{\"a\":", "}"), ("[", "]"), ("[{\"ip\":", "}]"), ("{\"peers\":[", "]}"), ("{\"message\":", "}")];

    /// <summary>A frame whose extra member nests 1..3000 deep, closed or not (the reader stops at depth 64).</summary>
    private static readonly Gen<byte[]> DeepNesting =
        Gen.Frequency((4, Gen.Choose(1, 200)), (1, Gen.Choose(200, 3000))).SelectMany(depth => Gen.Elements(Nesters).SelectMany(nest => Gen.Elements(true, false).Select(closed =>
        {
            var sb = new StringBuilder("{\"type\":\"message\",\"message\":\"deep\",\"x\":");
            for (int i = 0; i < depth; i++) sb.Append(nest.Open);
            sb.Append('1');
            if (closed)
            {
                for (int i = 0; i < depth; i++) sb.Append(nest.Close);
            }

            sb.Append('}');
            return Utf8(sb.ToString());
        })));

    private static readonly Gen<byte> AnyByte = Gen.Frequency(
        (4, Gen.Choose(0, 255)),
        (2, Gen.Elements("{}[]\":,\\ \n\r0u".Select(c => (int)c))),
        (1, Gen.Elements(0x00, 0x80, 0xBF, 0xC0, 0xC1, 0xED, 0xF4, 0xF5, 0xFF))).Select(b => (byte)b);

    /// <summary>Replaces, inserts, deletes or duplicates bytes, or truncates: a valid line turned into a near miss.</summary>
    public static Gen<byte[]> Mutate(byte[] original) =>
        Gen.Choose(1, 4).SelectMany(n => Mutation.ArrayOf(n)).Select(ms =>
        {
            var bytes = new List<byte>(original);
            foreach (var (kind, at, b) in ms)
            {
                int i = bytes.Count == 0 ? 0 : at % bytes.Count;
                switch (kind)
                {
                    case 0 when bytes.Count > 0: bytes[i] = b; break;
                    case 1: bytes.Insert(i, b); break;
                    case 2 when bytes.Count > 0: bytes.RemoveAt(i); break;
                    case 3 when bytes.Count > 0: bytes.InsertRange(i, bytes.GetRange(i, Math.Min(8, bytes.Count - i))); break;
                    case 4: bytes.RemoveRange(i, bytes.Count - i); break;
                }
            }

            return bytes.ToArray();
        });

    private static readonly Gen<(int Kind, int At, byte Byte)> Mutation =
        Gen.Frequency((4, Gen.Constant(0)), (3, Gen.Constant(1)), (3, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(4)))
            .SelectMany(kind => Gen.Choose(0, int.MaxValue).SelectMany(at => AnyByte.Select(b => (kind, at, b))));

    public static readonly Gen<byte[]> Hostile = Gen.Frequency(
        (3, AnyByte.ArrayOf()),
        (3, Concat(Gen.Elements(HostileTokens))),
        (1, Concat(Gen.Elements(HostileTokens)).Select(b => (byte[])[(byte)'{', .. b])),
        (2, DeepNesting),
        (3, AnyMessage.SelectMany(m => Mutate(PeerCodec.EncodeLine(m)))),
        (3, Gen.Constant(0).SelectMany(_ => FrameLike).SelectMany(Mutate))); // deferred: FrameLike is initialised below

    // ---- JSON that looks like a frame ----

    private static readonly string[] TypeNames = ["join", "join-reply", "who", "who-reply", "leave", "message"];

    /// <summary>A JSON string literal of <paramref name="text"/>: each char raw (when JSON allows) or escaped, at random.</summary>
    public static Gen<byte[]> JsonStringLiteral(string text) =>
        Gen.Choose(0, 3).ArrayOf(text.Length + 1).Select(style =>
        {
            var sb = new StringBuilder("\"");
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                bool mustEscape = c < 0x20 || c == '"' || c == '\\' || (char.IsSurrogate(c) && !pair);
                int s = style[i];
                if (!mustEscape && s <= 1)
                {
                    sb.Append(c);
                    if (pair) sb.Append(text[++i]);
                    continue;
                }

                string? shortForm = c switch
                {
                    '"' => "\\\"", '\\' => "\\\\", '/' => "\\/", '\b' => "\\b", '\f' => "\\f", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                    _ => null,
                };
                if (shortForm is not null && s != 3) sb.Append(shortForm);
                else sb.Append(s % 2 == 0 ? $"\\u{(int)c:X4}" : $"\\u{(int)c:x4}"); // a pair escapes as two \u, one per loop turn
            }

            sb.Append('"');
            return Utf8(sb.ToString()); // no lone surrogate is left raw, so this is exact
        });

    private static Gen<byte[]> Raw(params string[] options) => Gen.Elements(options).Select(Utf8);

    private static readonly Gen<byte[]> NumberValue = Gen.Frequency(
        (4, Gen.Choose(0, 70000).Select(n => Utf8(n.ToString(CultureInfo.InvariantCulture)))),
        (2, Raw("0", "-0", "-1", "15.0", "1.5e1", "1E1", "0.5", "1e400", "-1e400", "9223372036854775807",
            "9223372036854775808", "99999999999999999999", "9999999999", "10000000000", "65535", "65536", "2147483648", "1e-400", "0e5")),
        (3, Gen.Elements(" 015 ", "0", "00000", "12345", "65535", "65536", "\u0031\u0035", "1 5", "-1", "", " ", "1e3", "9999999999",
                "99999999999", "\t42\t", "٣", "１２")
            .SelectMany(JsonStringLiteral)));

    private static readonly Gen<byte[]> IpValue = Gen.Frequency(
        (3, IPv4.Select(a => a.ToString())),
        (3, IPv6AnyForm.Select(a => a.ToString())),
        (1, Gen.Elements(" 1.2.3.4 ", "1.2.3", "1", "0x7f.1", "::FFFF:1.2.3.4", "[::1]", "fe80::1%eth0", "fe80::1%", "1.2.3.4:80",
            "1.2.3.256", "::1::", "localhost", "", "2001:DB8::1", "0:0:0:0:0:0:0:1", "::ffff:0:1.2.3.4", new string('1', 200))))
        .SelectMany(JsonStringLiteral);

    private static Gen<byte[]> Member(string key, Gen<byte[]> value) =>
        JsonStringLiteral(key).SelectMany(k => value.Select(v => (byte[])[.. k, (byte)':', .. v]));

    private static Gen<byte[]> Object(Gen<byte[]> member) =>
        member.ArrayOf().SelectMany(ms => Gen.Elements("", " ", "\t").Select(ws => Utf8(ws)).Select(ws =>
        {
            var body = new List<byte> { (byte)'{' };
            for (int i = 0; i < ms.Length; i++)
            {
                if (i > 0) body.Add((byte)',');
                body.AddRange(ws);
                body.AddRange(ms[i]);
            }

            body.Add((byte)'}');
            return body.ToArray();
        }));

    private static readonly Gen<byte[]> PeerValue = Gen.Frequency(
        (6, Object(Gen.Frequency(
            (4, Member("ip", IpValue)),
            (4, Member("port", NumberValue)),
            (1, Member("x", Raw("null", "[1,{}]", "{\"ip\":\"1.1.1.1\"}")))))),
        (1, Raw("null", "1", "\"1.2.3.4\"", "[]", "{}")));

    private static byte[] JsonArray(IEnumerable<byte[]> items)
    {
        var bytes = new List<byte> { (byte)'[' };
        foreach (byte[] item in items)
        {
            if (bytes.Count > 1) bytes.Add((byte)',');
            bytes.AddRange(item);
        }

        bytes.Add((byte)']');
        return bytes.ToArray();
    }

    private static readonly Gen<byte[]> PeersValue = Gen.Frequency(
        (6, PeerValue.ArrayOf().Select(JsonArray)),
        (1, Raw("null", "{}", "\"x\"", "1")));

    private static readonly Gen<byte[]> TextValue = Gen.Frequency(
        (6, AnyString.SelectMany(JsonStringLiteral)),
        (1, Raw("null", "1", "true", "[]", "{}", "{\"message\":\"x\"}")));

    private static readonly Gen<string> TypeName = Gen.Frequency(
        (8, Gen.Elements(TypeNames)),
        (2, Gen.Elements(TypeNames).SelectMany(t => Gen.Elements(true, false).ArrayOf(t.Length)
            .Select(up => new string(t.Select((c, i) => up[i] ? char.ToUpperInvariant(c) : c).ToArray())))),
        (1, Gen.Elements("", "joi", "who-reply ", "JOİN", "message\u0000", "who_reply", "joinreply")));

    private static readonly Gen<byte[]> TypeValue = Gen.Frequency(
        (8, TypeName.SelectMany(JsonStringLiteral)),
        (1, Raw("null", "1", "[\"join\"]", "{}")));

    private static readonly Gen<byte[]> FrameMember = Gen.Frequency(
        (6, Member("type", TypeValue)),
        (3, Member("name", TextValue)),
        (3, Member("age", NumberValue)),
        (3, Member("zip", NumberValue)),
        (3, Member("port", NumberValue)),
        (3, Member("peers", PeersValue)),
        (4, Member("message", TextValue)),
        (1, Member("extra", Raw("null", "[1,[2,[3]]]", "{\"type\":\"leave\"}", "\"\\uD800\"", "-1.5e-3"))));

    /// <summary>Valid JSON objects of frame keys in any order, with duplicates (the last wins), plus mutations and encoded frames.</summary>
    public static readonly Gen<byte[]> FrameLike = Gen.Frequency(
        (6, Object(FrameMember)),
        (2, Object(FrameMember).SelectMany(Mutate)),
        (2, AnyMessage.Select(m => WithoutNewline(PeerCodec.EncodeLine(m)))),
        (1, Object(FrameMember).Select(o => (byte[])[0xEF, 0xBB, 0xBF, .. " \t"u8, .. o, .. "\r\n "u8])));
}

/// <summary>Shrinkers: smaller candidates first, each still valid for its generator.</summary>
public static class Shrinks
{
    public static IEnumerable<T[]> Array<T>(T[] items)
    {
        if (items.Length == 0) yield break;
        yield return [];
        if (items.Length > 1)
        {
            yield return items[..(items.Length / 2)];
            yield return items[(items.Length / 2)..];
        }

        for (int i = 0; i < items.Length && i < 64; i++) yield return [.. items[..i], .. items[(i + 1)..]];
    }

    /// <summary>Removes whole scalar values (never half a pair), then turns non-ASCII ones into 'a'.</summary>
    public static IEnumerable<string> ValidString(string text)
    {
        string[] scalars = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        foreach (string[] shorter in Array(scalars)) yield return string.Concat(shorter);
        for (int i = 0; i < scalars.Length && i < 64; i++)
        {
            if (scalars[i].Length == 1 && scalars[i][0] < 0x80) continue;
            string[] simpler = (string[])scalars.Clone();
            simpler[i] = "a";
            yield return string.Concat(simpler);
        }
    }

    public static IEnumerable<string> Chars(string text) => Array(text.ToCharArray()).Select(cs => new string(cs));

    public static IEnumerable<Chunking> Chunking(int[] sizes)
    {
        if (sizes is not [1]) yield return new Chunking([1]);
        foreach (int[] fewer in Array(sizes))
        {
            if (fewer.Any(n => n > 0)) yield return new Chunking(fewer);
        }
    }
}

/// <summary>Readable renderings of generated values.</summary>
public static class Show
{
    public static string Text(string? text)
    {
        if (text is null) return "null";
        var sb = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\') sb.Append(c);
            else sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
        }

        return sb.Append('"').ToString();
    }

    public static string Bytes(byte[] bytes) =>
        bytes.Length <= 400 ? $"[{bytes.Length} bytes] {Convert.ToHexString(bytes)} {Text(Encoding.UTF8.GetString(bytes))}" : $"[{bytes.Length} bytes] {Text(Encoding.UTF8.GetString(bytes[..400]))}…";

    public static string Message(PeerMessage message) => message switch
    {
        Join j => $"Join({Text(j.Name)}, {Text(j.Age)}, {Text(j.Zip)}, {j.Port?.ToString(CultureInfo.InvariantCulture) ?? "null"})",
        JoinReply j => $"JoinReply({Text(j.Name)}, {Text(j.Age)}, {Text(j.Zip)}, {j.Port?.ToString(CultureInfo.InvariantCulture) ?? "null"})",
        WhoReply w => w.Peers is null ? "WhoReply(null)" : $"WhoReply([{string.Join(", ", w.Peers.Select(p => $"{Text(p.Ip)}:{p.Port}"))}])",
        ChatMessage c => $"ChatMessage({Text(c.Text)})",
        _ => message.GetType().Name,
    };
}
