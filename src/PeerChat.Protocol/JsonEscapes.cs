using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PeerChat.Protocol;

/// <summary>
/// Where JSON string content needs an escape: <c>"</c>, <c>\</c> or a control character (below U+0020).
/// A hand-written vector scan rather than <c>SearchValues</c>: those generic searchers are not
/// precompiled in the runtime and run unoptimised for a process's first second, exactly when a
/// flood into a freshly started node meets them; this one is compiled optimised on first call.
/// </summary>
internal static class JsonEscapes
{
    /// <summary>Index of the first byte that needs an escape, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<byte> text) => IndexOf<byte>(text);

    /// <summary>Index of the first char that needs an escape, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<char> text) => IndexOf(MemoryMarshal.Cast<char, ushort>(text));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int IndexOf<T>(ReadOnlySpan<T> text) where T : unmanaged, IBinaryInteger<T>
    {
        T quote = T.CreateTruncating('"'), backslash = T.CreateTruncating('\\'), space = T.CreateTruncating(' ');
        int i = 0;
        if (Vector128.IsHardwareAccelerated && text.Length >= Vector128<T>.Count)
        {
            ref T start = ref MemoryMarshal.GetReference(text);
            for (; i <= text.Length - Vector128<T>.Count; i += Vector128<T>.Count)
            {
                var v = Vector128.LoadUnsafe(ref start, (nuint)i);
                // Unsigned compares: bytes of multi-byte UTF-8 and chars above U+007F are never below the space.
                var hit = Vector128.Equals(v, Vector128.Create(quote)) | Vector128.Equals(v, Vector128.Create(backslash)) | Vector128.LessThan(v, Vector128.Create(space));
                if (hit != Vector128<T>.Zero) return i + BitOperations.TrailingZeroCount(hit.ExtractMostSignificantBits());
            }
        }

        for (; i < text.Length; i++)
        {
            T c = text[i];
            if (c < space || c == quote || c == backslash) return i;
        }

        return -1;
    }
}
