using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace PeerChat.App.Tui;

/// <summary>
/// Gives back the keys that Terminal.Gui 2.5 drops after Esc or an Alt combination.
/// <para>
/// Why they were lost: a terminal sends Alt+B as ESC b and Esc as a lone ESC. The ANSI driver's
/// parser (<c>AnsiResponseParserBase</c>) takes ESC plus the next character as the start of an
/// escape sequence and holds every character after them until a CSI terminator, another ESC, or
/// 50 ms of nothing. A held run that is no known sequence — "ESC b 1234" when Alt+B is followed
/// at once by 1234, "ESC DEL CR" for Alt+Backspace then Enter, and "ESC DEL" (Alt+Backspace, which
/// none of its patterns knows) even alone — is then thrown away as an unexpected terminal reply;
/// the input processor only reports it through <see cref="IInputProcessor.AnsiSequenceSwallowed"/>.
/// </para>
/// <para>
/// What this does: it listens to that report, which comes on the UI thread at the very place in
/// the input the run was dropped, and raises the run's keys there, in order: ESC x is Alt+x (as
/// readline reads it) and every character after it the key it types. Runs that begin like a
/// terminal's reply (CSI <c>ESC [</c>, OSC <c>ESC ]</c>, SS3 <c>ESC O</c>, DCS <c>ESC P</c>) stay dropped.
/// </para>
/// </summary>
internal static class KeysAfterEscape
{
    private const char Esc = '\u001b';

    /// <summary>Listens to <paramref name="app"/>'s ANSI input (the only driver this program uses on a terminal and in tests).</summary>
    public static void Attach(IApplication app)
    {
        if (app.Driver?.GetInputProcessor() is not InputProcessorImpl<char> input) return;
        input.AnsiSequenceSwallowed += (_, run) =>
        {
            foreach (var key in Keys(run, input.KeyConverter.ToKey))
                if (input.IsValidInput(key, out var valid)) input.RaiseKeyDownEvent(valid);
        };
    }

    /// <summary>The keys a dropped run was typed as; none when it looks like a terminal's reply.</summary>
    /// <param name="keyOf">The driver's key for one input character.</param>
    public static IReadOnlyList<Key> Keys(string run, Func<char, Key> keyOf)
    {
        if (run.Length < 2 || run[0] != Esc || run[1] is '[' or ']' or 'O' or 'P' or Esc) return [];
        var keys = new List<Key>(run.Length - 1) { keyOf(run[1]).WithAlt };
        foreach (var c in run.AsSpan(2)) keys.Add(keyOf(c));
        return keys;
    }
}
