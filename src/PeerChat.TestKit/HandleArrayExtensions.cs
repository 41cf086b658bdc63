namespace PeerChat.Testing;

/// <summary>
/// Takes an array of nodes apart in one line, two to eight of them, as <see cref="Mesh"/> does:
/// <c>var (proc1, proc2) = await Task.WhenAll(StartHeadlessNodeAsync("proc1"), StartHeadlessNodeAsync("proc2"));</c>
/// A count that does not match throws, naming both counts.
/// </summary>
public static class HandleArrayExtensions
{
    public static void Deconstruct<T>(this T[] nodes, out T n1, out T n2)
    {
        Expect(nodes, 2);
        (n1, n2) = (nodes[0], nodes[1]);
    }

    public static void Deconstruct<T>(this T[] nodes, out T n1, out T n2, out T n3)
    {
        Expect(nodes, 3);
        (n1, n2, n3) = (nodes[0], nodes[1], nodes[2]);
    }

    public static void Deconstruct<T>(this T[] nodes, out T n1, out T n2, out T n3, out T n4)
    {
        Expect(nodes, 4);
        (n1, n2, n3, n4) = (nodes[0], nodes[1], nodes[2], nodes[3]);
    }

    public static void Deconstruct<T>(this T[] nodes, out T n1, out T n2, out T n3, out T n4, out T n5)
    {
        Expect(nodes, 5);
        (n1, n2, n3, n4, n5) = (nodes[0], nodes[1], nodes[2], nodes[3], nodes[4]);
    }

    public static void Deconstruct<T>(this T[] nodes, out T n1, out T n2, out T n3, out T n4, out T n5, out T n6)
    {
        Expect(nodes, 6);
        (n1, n2, n3, n4, n5, n6) = (nodes[0], nodes[1], nodes[2], nodes[3], nodes[4], nodes[5]);
    }

    public static void Deconstruct<T>(this T[] nodes, out T n1, out T n2, out T n3, out T n4, out T n5, out T n6, out T n7)
    {
        Expect(nodes, 7);
        (n1, n2, n3, n4, n5, n6, n7) = (nodes[0], nodes[1], nodes[2], nodes[3], nodes[4], nodes[5], nodes[6]);
    }

    public static void Deconstruct<T>(this T[] nodes, out T n1, out T n2, out T n3, out T n4, out T n5, out T n6, out T n7, out T n8)
    {
        Expect(nodes, 8);
        (n1, n2, n3, n4, n5, n6, n7, n8) = (nodes[0], nodes[1], nodes[2], nodes[3], nodes[4], nodes[5], nodes[6], nodes[7]);
    }

    private static void Expect<T>(T[] nodes, int count)
    {
        if (nodes.Length != count) throw new ArgumentException($"cannot take {nodes.Length} nodes apart into {count}", nameof(nodes));
    }
}
