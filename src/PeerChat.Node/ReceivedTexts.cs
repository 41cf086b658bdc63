using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;
using PeerChat.Protocol;

namespace PeerChat.Node;

/// <summary>
/// The chat lines of one read, the plain ones (all of them, as PeerChat writes lines) kept as the UTF-8
/// they arrived in: one buffer per batch instead of a string per line. Such a line is decoded to a string
/// only when someone reads it through the list; the headless front end copies the bytes straight to
/// standard output (<see cref="TryGetJsonContent"/>). A line that arrived with escapes is kept as its string.
/// Immutable once built, so every subscriber of the same batch may read it from its own thread.
/// </summary>
public sealed class ReceivedTexts : IReadOnlyList<string>
{
    /// <summary>A plain line's bytes in the buffer (valid UTF-8 with nothing to escape), or, with a Length of -1, the index of a line kept as its string.</summary>
    private readonly record struct Entry(int Start, int Length)
    {
        public bool Plain => Length >= 0;
    }

    private readonly byte[] _utf8;
    private readonly Entry[] _entries;
    private readonly string[] _strings; // lines that arrived with escapes, decoded the long way: kept exactly as decoded

    private ReceivedTexts(byte[] utf8, Entry[] entries, string[] strings)
    {
        _utf8 = utf8;
        _entries = entries;
        _strings = strings;
    }

    public int Count => _entries.Length;

    public string this[int index]
    {
        get
        {
            var e = _entries[index];
            return e.Plain ? Encoding.UTF8.GetString(_utf8, e.Start, e.Length) : _strings[e.Start];
        }
    }

    /// <summary>
    /// The line as the content of a JSON string literal (between the quotes), when it needs no
    /// escaping: the bytes the peer sent, already checked to be valid UTF-8 without <c>"</c>,
    /// <c>\</c> or control characters. False for a line that needs escapes; read it as a string.
    /// </summary>
    public bool TryGetJsonContent(int index, out ReadOnlySpan<byte> content)
    {
        var e = _entries[index];
        content = e.Plain ? _utf8.AsSpan(e.Start, e.Length) : default;
        return e.Plain;
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (int i = 0; i < _entries.Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Collects the lines of one read; reused read after read by one connection.</summary>
    internal sealed class Builder
    {
        private const int InitialSize = 4096;

        // A buffer that grew beyond this for a long line is given back once its read is published,
        // so a peer's one long line does not stay in memory for the life of the connection.
        private const int RetainedLimit = 64 * 1024;

        private byte[] _utf8 = new byte[InitialSize];
        private readonly List<Entry> _entries = [];
        private readonly List<string> _strings = [];
        private int _used;

        public int Count => _entries.Count;

        /// <summary>A line whose text is <paramref name="jsonContent"/> exactly (see <see cref="PeerCodec.TryReadPlainMessage"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void AddPlain(ReadOnlySpan<byte> jsonContent)
        {
            jsonContent.CopyTo(Room(jsonContent.Length));
            _entries.Add(new Entry(_used, jsonContent.Length));
            _used += jsonContent.Length;
        }

        /// <summary>A line that arrived with escapes (decoded the long way); kept as it is, lone surrogates and all.</summary>
        public void Add(string text)
        {
            _entries.Add(new Entry(_strings.Count, -1));
            _strings.Add(text);
        }

        /// <summary>The lines so far, in exact-size arrays; the builder is empty again afterwards.</summary>
        public ReceivedTexts Take()
        {
            var texts = new ReceivedTexts(_utf8.AsSpan(0, _used).ToArray(), [.. _entries], [.. _strings]);
            _entries.Clear();
            _strings.Clear();
            _used = 0;
            if (_utf8.Length > RetainedLimit) _utf8 = new byte[InitialSize];
            return texts;
        }

        /// <summary>Bytes of room now held (for tests).</summary>
        internal int Capacity => _utf8.Length;

        private Span<byte> Room(int bytes)
        {
            if (_utf8.Length - _used < bytes) Array.Resize(ref _utf8, Math.Max(_utf8.Length * 2, _used + bytes));
            return _utf8.AsSpan(_used);
        }
    }
}
