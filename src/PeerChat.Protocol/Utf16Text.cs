using System.Runtime.InteropServices;

namespace PeerChat.Protocol;

/// <summary>Replaces lone surrogates (UTF-16 that cannot be encoded as UTF-8) with U+FFFD.</summary>
internal static class Utf16Text
{
    private const char Replacement = '\uFFFD';

    /// <summary>Replaces each lone surrogate in place (one char for one char, so the length stays).</summary>
    public static void ReplaceLoneSurrogates(Span<char> text)
    {
        int i = IndexOfSurrogate(text);
        if (i < 0) return;

        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i += 2;
                continue;
            }

            if (char.IsSurrogate(c)) text[i] = Replacement;
            i++;
        }
    }

    /// <summary>
    /// Vectorised search for any surrogate. Searched as ushort: on .NET 10 the char overload of
    /// IndexOfAnyInRange allocates on every call.
    /// </summary>
    private static int IndexOfSurrogate(ReadOnlySpan<char> text) =>
        MemoryMarshal.Cast<char, ushort>(text).IndexOfAnyInRange((ushort)0xD800, (ushort)0xDFFF);
}
