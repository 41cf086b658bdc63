namespace PeerChat.Testing.Tests;

/// <summary>What StartMeshAsync returns: a mesh to take apart, index and enumerate.</summary>
public sealed class MeshResultTests : PeerChatTestKit
{
    [Fact]
    public async Task Five_nodes_from_a_mesh_take_apart_in_one_line()
    {
        var (a, b, c, d, e) = await StartMeshAsync("a", "b", "c", "d", "e");

        Assert.Equal(["a", "b", "c", "d", "e"], new[] { a, b, c, d, e }.Select(n => n.Name));
        Assert.Equal(4, (await e.PeersAsync()).Count);
    }

    [Fact]
    public async Task A_mesh_is_indexed_by_position_range_and_name()
    {
        var mesh = await StartMeshAsync("alice", "bob", "carol");

        Assert.Same(mesh[1], mesh["bob"]);
        Assert.Same(mesh[^1], mesh["carol"]);
        Assert.Equal(["bob", "carol"], mesh[1..].Select(n => n.Name));
        var unknown = Assert.Throws<KeyNotFoundException>(() => mesh["dave"]);
        Assert.Equal("no node named 'dave' in the mesh (alice, bob, carol)", unknown.Message);
    }

    [Fact]
    public async Task Taking_a_mesh_apart_into_the_wrong_count_names_both_counts()
    {
        var mesh = await StartMeshAsync("a", "b", "c");

        var failure = Assert.Throws<ArgumentException>(() =>
        {
            var (x, y) = mesh;
            return;
        });

        Assert.StartsWith("cannot take 3 nodes apart into 2", failure.Message);
    }
}
