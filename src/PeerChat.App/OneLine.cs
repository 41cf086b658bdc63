namespace PeerChat.App;

/// <summary>Text for one line of output: what a person reads on stderr or in an error event.</summary>
internal static class OneLine
{
    /// <summary>A message's lines joined by spaces, trimmed: an exception's text never breaks the one-line rule.</summary>
    public static string Of(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
