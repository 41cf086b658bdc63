namespace PeerChat.App.Tui;

/// <summary>Between char indices (strings) and text-element indices (TextField's insertion point).</summary>
internal static class TextIndex
{
    public static int CharIndex(string text, int elementIndex)
    {
        var chars = 0;
        var elements = 0;
        foreach (var g in Terminal.Gui.Drawing.GraphemeHelper.GetGraphemes(text))
        {
            if (elements == elementIndex) break;
            chars += g.Length;
            elements++;
        }
        return Math.Min(chars, text.Length);
    }

    public static int ElementIndex(string text, int charIndex)
    {
        var chars = 0;
        var elements = 0;
        foreach (var g in Terminal.Gui.Drawing.GraphemeHelper.GetGraphemes(text))
        {
            if (chars >= charIndex) break;
            chars += g.Length;
            elements++;
        }
        return elements;
    }
}
