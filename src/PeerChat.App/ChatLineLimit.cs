using PeerChat.Protocol;

namespace PeerChat.App;

/// <summary>
/// Whether a chat line the user typed reaches a peer: its whole frame, counted exactly as the codec
/// writes it, must fit in <c>peerchat.limits.max-line-length</c>, which every PeerChat peer with the
/// same settings applies when reading. Both front ends ask here before sending.
/// </summary>
internal static class ChatLineLimit
{
    /// <summary>Why <paramref name="text"/> cannot be sent (without a "not sent" prefix), or null when it fits.</summary>
    public static string? Refusal(string text, int maxLineLength)
    {
        // A receiver's limit counts the line without its '\n'.
        long line = PeerCodec.EncodedLength(new ChatMessage(text)) - 1;
        return line <= maxLineLength ? null : TooLong(line, maxLineLength);
    }

    /// <summary>The refusal for an input line already known to be too long (its size unknown: it was not kept).</summary>
    public static string TooLong(int maxLineLength) =>
        $"it is longer than the {maxLineLength}-byte limit on a line (peerchat.limits.max-line-length)";

    private static string TooLong(long line, int maxLineLength) =>
        $"as a chat frame it would be {line} bytes, over the {maxLineLength}-byte limit on a line (peerchat.limits.max-line-length)";
}
