using Terminal.Gui.Drivers;

namespace PeerChat.Tui.Tests.Support;

/// <summary>
/// Input as a terminal sends it: characters and escape sequences, through the ANSI driver's parser
/// as a real terminal's bytes go. (<see cref="ScreenHarness.Type"/> and <see cref="ScreenHarness.Press"/>
/// hand keys to the app past the parser.) The screen's clock stands still unless <see cref="Idle"/> moves it,
/// so bytes sent in one call come "at once", as a fast typist's or a paste's do.
/// </summary>
internal static class TerminalBytes
{
    public const string Esc = "\u001b";
    public const string PasteStart = "\u001b[200~";
    public const string PasteEnd = "\u001b[201~";

    /// <summary>The terminal sends <paramref name="bytes"/>; the screen reads them.</summary>
    public static void Send(this ScreenHarness screen, string bytes)
    {
        var input = Input(screen);
        foreach (var c in bytes) input.InputQueue.Enqueue(c);
        input.ProcessQueue();
        screen.Pump();
    }

    /// <summary>A bracketed paste of <paramref name="text"/>, its lines ended by CR as terminals send them.</summary>
    public static void Paste(this ScreenHarness screen, params string[] lines) =>
        screen.Send(PasteStart + string.Join("\r", lines) + PasteEnd);

    /// <summary>Nothing comes for <paramref name="time"/> (the parser's wait for the rest of an escape sequence ends).</summary>
    public static void Idle(this ScreenHarness screen, TimeSpan time)
    {
        screen.Time.Advance(time);
        Input(screen).ProcessQueue();
        screen.Pump();
    }

    /// <summary>Longer than Terminal.Gui 2.5's wait for the rest of an escape sequence (50 ms).</summary>
    public static void Idle(this ScreenHarness screen) => screen.Idle(TimeSpan.FromMilliseconds(200));

    private static AnsiInputProcessor Input(ScreenHarness screen) => (AnsiInputProcessor)screen.App.Driver!.GetInputProcessor();
}
