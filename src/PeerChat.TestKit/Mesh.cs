using System.Collections;

namespace PeerChat.Testing;

/// <summary>
/// The nodes <see cref="PeerChatHarness.StartMeshAsync(string[])"/> started, in the order they were
/// named, every one seeing every other. Take it apart in one line
/// (<c>var (alice, bob, carol, dave, erin) = await StartMeshAsync("alice", "bob", "carol", "dave", "erin");</c>,
/// two to eight nodes), index it by position (<c>mesh[0]</c>, <c>mesh[^1]</c>, <c>mesh[1..]</c>) or by name
/// (<c>mesh["carol"]</c>), or enumerate it.
/// </summary>
public sealed class Mesh : IReadOnlyList<ChatNodeHandle>
{
    private readonly ChatNodeHandle[] _nodes;

    internal Mesh(ChatNodeHandle[] nodes) => _nodes = nodes;

    public int Count => _nodes.Length;

    public ChatNodeHandle this[int index] => _nodes[index];

    /// <summary>The node named <paramref name="name"/>; throws naming the members when there is none.</summary>
    public ChatNodeHandle this[string name] => _nodes.FirstOrDefault(n => n.Name == name)
        ?? throw new KeyNotFoundException($"no node named '{name}' in the mesh ({string.Join(", ", _nodes.Select(n => n.Name))})");

    /// <summary>What <c>mesh[start..end]</c> gives: those nodes, as an array.</summary>
    public ChatNodeHandle[] Slice(int start, int length) => _nodes.AsSpan(start, length).ToArray();

    /// <summary>For code written when <c>StartMeshAsync</c> returned an array.</summary>
    public static implicit operator ChatNodeHandle[](Mesh mesh) => [.. mesh._nodes];

    public IEnumerator<ChatNodeHandle> GetEnumerator() => ((IEnumerable<ChatNodeHandle>)_nodes).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Deconstruct(out ChatNodeHandle n1, out ChatNodeHandle n2) =>
        _nodes.Deconstruct(out n1, out n2);

    public void Deconstruct(out ChatNodeHandle n1, out ChatNodeHandle n2, out ChatNodeHandle n3) =>
        _nodes.Deconstruct(out n1, out n2, out n3);

    public void Deconstruct(out ChatNodeHandle n1, out ChatNodeHandle n2, out ChatNodeHandle n3, out ChatNodeHandle n4) =>
        _nodes.Deconstruct(out n1, out n2, out n3, out n4);

    public void Deconstruct(out ChatNodeHandle n1, out ChatNodeHandle n2, out ChatNodeHandle n3, out ChatNodeHandle n4, out ChatNodeHandle n5) =>
        _nodes.Deconstruct(out n1, out n2, out n3, out n4, out n5);

    public void Deconstruct(out ChatNodeHandle n1, out ChatNodeHandle n2, out ChatNodeHandle n3, out ChatNodeHandle n4, out ChatNodeHandle n5, out ChatNodeHandle n6) =>
        _nodes.Deconstruct(out n1, out n2, out n3, out n4, out n5, out n6);

    public void Deconstruct(out ChatNodeHandle n1, out ChatNodeHandle n2, out ChatNodeHandle n3, out ChatNodeHandle n4, out ChatNodeHandle n5, out ChatNodeHandle n6, out ChatNodeHandle n7) =>
        _nodes.Deconstruct(out n1, out n2, out n3, out n4, out n5, out n6, out n7);

    public void Deconstruct(out ChatNodeHandle n1, out ChatNodeHandle n2, out ChatNodeHandle n3, out ChatNodeHandle n4, out ChatNodeHandle n5, out ChatNodeHandle n6, out ChatNodeHandle n7, out ChatNodeHandle n8) =>
        _nodes.Deconstruct(out n1, out n2, out n3, out n4, out n5, out n6, out n7, out n8);

    public override string ToString() => $"mesh of {string.Join(", ", _nodes.Select(n => n.Name))}";
}
