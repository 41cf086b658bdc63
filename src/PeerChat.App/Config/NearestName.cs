namespace PeerChat.App;

/// <summary>The known name closest to a mistyped one, for "did you mean …?" (config keys and command-line options).</summary>
internal static class NearestName
{
    /// <summary>The candidate with the fewest single-character edits from <paramref name="typed"/>, if there are at most <paramref name="maxEdits"/>.</summary>
    public static string? Find(string typed, IEnumerable<string> candidates, int maxEdits)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(typed, candidate);
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= maxEdits ? best : null;
    }

    /// <summary>How many edits still look like a typo of <paramref name="word"/>: a third of it, at least 2.</summary>
    public static int TypoEdits(string word) => Math.Max(2, word.Length / 3);

    /// <summary>Levenshtein distance, ignoring case.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var same = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]);
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (same ? 0 : 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
