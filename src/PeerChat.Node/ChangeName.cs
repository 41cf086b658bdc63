namespace PeerChat.Node;

/// <summary>
/// Take <paramref name="Name"/> as this node's name (<c>/nick</c>). The protocol has no rename, so the
/// node says <c>leave</c> to every member and joins each of them again under the new name: peers see
/// a leave and a join. Published as <see cref="NameChanged"/>; a name that cannot be used is answered
/// with <see cref="NameRefused"/>. Chat lines sent meanwhile wait until the members are joined again.
/// </summary>
public sealed record ChangeName(string Name);

/// <summary>The answer to a <see cref="ChangeName"/> that was not carried out: <paramref name="Reason"/> says why.</summary>
public sealed record NameRefused(string Name, string Reason);

/// <summary>The rules a name of our own follows: those a peer's join name is read by.</summary>
public static class NodeName
{
    /// <summary>Why <paramref name="name"/> (trimmed) cannot replace <paramref name="current"/>, or null when it can.</summary>
    public static string? Problem(string name, string current, int maxLength)
    {
        // Peers read a blank name as the default one and cut a long one: either way not what was asked for.
        var trimmed = name.Trim();
        if (trimmed.Length == 0) return "a name cannot be empty";
        if (trimmed.Length > maxLength)
            return $"a name is at most {maxLength} characters (peerchat.limits.max-name-length); peers would cut it";
        if (trimmed == current) return $"you are already called {trimmed}";
        return null;
    }
}
