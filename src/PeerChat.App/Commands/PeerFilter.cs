using PeerChat.Node;

namespace PeerChat.App;

/// <summary>Which members <c>/peers</c>, <c>/zip</c> and <c>/age</c> list.</summary>
internal sealed record PeerFilter(string? ZipCode, string? AgeValue)
{
    public static readonly PeerFilter All = new(null, null);

    public static PeerFilter Zip(string zip) => new(zip, null);

    public static PeerFilter Age(string age) => new(null, age);

    public bool Matches(PeerInfo peer) =>
        (ZipCode is null || peer.Zip == ZipCode) &&
        (AgeValue is null || SameNumber(peer.Age, AgeValue));

    /// <summary>How the list is introduced: "members", "members in zip 10001", "members aged 31".</summary>
    public string Describe() => ZipCode is not null ? $"in zip {ZipCode}" : AgeValue is not null ? $"aged {AgeValue}" : "";

    // "031" and "31" are the same age.
    private static bool SameNumber(string a, string b) => a.TrimStart('0') == b.TrimStart('0');
}
