using System.Text;

namespace PeerChat.App;

/// <summary>One line of input; <see cref="TooLong"/> when it was longer than the limit (its text is then dropped).</summary>
internal readonly record struct InputLine(string Text, bool TooLong);

/// <summary>
/// Reads lines ending in <c>\n</c> (a trailing <c>\r</c> removed), holding at most <c>maxLength</c>
/// characters of one line: a longer line is skipped up to its end and reported as too long, so a
/// huge unbroken input cannot fill memory. Blocking; used from the input thread only.
/// </summary>
internal sealed class InputLineReader(TextReader reader, int maxLength)
{
    /// <summary>Chars asked of the reader per read.</summary>
    public const int BlockChars = 64 * 1024;

    private readonly char[] _buffer = new char[BlockChars];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _length;
    private bool _ended;

    /// <summary>The next line, or null at the end of input (a last line without <c>\n</c> is still a line).</summary>
    /// <summary>True when the next <see cref="ReadLine"/> will not wait for input: a whole line is already read in.</summary>
    public bool HasCompleteLineBuffered => _position < _length && Array.IndexOf(_buffer, '\n', _position, _length - _position) >= 0;

    public InputLine? ReadLine()
    {
        _line.Clear();
        var tooLong = false;
        var sawAny = false;
        while (true)
        {
            if (_position == _length)
            {
                if (_ended) break;
                _length = reader.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_length == 0)
                {
                    _ended = true;
                    break;
                }
            }
            sawAny = true;
            var newline = Array.IndexOf(_buffer, '\n', _position, _length - _position);
            var end = newline < 0 ? _length : newline;
            if (!tooLong)
            {
                // One more than the limit is allowed while reading: it may be the '\r' of "\r\n".
                if (_line.Length + (end - _position) > maxLength + 1)
                {
                    tooLong = true;
                    _line.Clear();
                }
                else _line.Append(_buffer, _position, end - _position);
            }
            _position = newline < 0 ? _length : newline + 1;
            if (newline >= 0) break;
        }
        if (!sawAny) return null;
        if (_line.Length > 0 && _line[^1] == '\r') _line.Length--;
        if (_line.Length > maxLength) return new InputLine("", TooLong: true);
        return new InputLine(tooLong ? "" : _line.ToString(), tooLong);
    }
}
