using PeerChat.Node;

namespace PeerChat.App.Tui;

/// <summary>
/// The members, as the peers pane shows them: kept from the node's join and leave events, sorted
/// by name (then address). Keyed by address, since names are not unique. UI thread only.
/// </summary>
internal sealed class PeerRoster
{
    private readonly Dictionary<string, PeerInfo> _byAddress = new(StringComparer.Ordinal);
    private PeerInfo[]? _sorted;

    public int Count => _byAddress.Count;

    /// <summary>Bumped on every change, so a view redraws only when something changed.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<PeerInfo> Members => _sorted ??= _byAddress.Values
        .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
        .ThenBy(p => p.Address, StringComparer.Ordinal)
        .ToArray();

    public void Join(PeerInfo peer)
    {
        _byAddress[peer.Address] = peer;
        Changed();
    }

    public void Leave(PeerInfo peer)
    {
        if (_byAddress.Remove(peer.Address)) Changed();
    }

    public void Clear()
    {
        if (_byAddress.Count == 0) return;
        _byAddress.Clear();
        Changed();
    }

    /// <summary>The members' addresses (<c>HOST:PORT</c>, those with a listen port), for Tab completion after <c>/who</c> and <c>/connect</c>.</summary>
    public IEnumerable<string> Addresses => Members.Where(p => p.Port is not null).Select(p => p.Address);

    /// <summary>Distinct display names, for Tab completion.</summary>
    public IEnumerable<string> Names => Members.Select(p => TextSafety.Inert(p.Name, 256)).Distinct(StringComparer.Ordinal);

    private void Changed()
    {
        _sorted = null;
        Version++;
    }
}
