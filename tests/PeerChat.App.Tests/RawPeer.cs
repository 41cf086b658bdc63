using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PeerChat.App.Tests;

/// <summary>A peer speaking the wire protocol by hand over a plain TCP socket.</summary>
public sealed class RawPeer : IDisposable
{
    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private readonly Stream _stream;

    private RawPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var client = new TcpClient();
        using var cts = new CancellationTokenSource(PeerchatProcess.Timeout);
        await client.ConnectAsync("127.0.0.1", port, cts.Token);
        return new RawPeer(client);
    }

    public async Task SendAsync(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>The next line from the node, as text; null when it closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var cts = new CancellationTokenSource(PeerchatProcess.Timeout);
        try
        {
            return await _reader.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the node sent nothing within {PeerchatProcess.Timeout.TotalSeconds} s");
        }
    }

    public async Task<JsonElement> ReadJsonAsync()
    {
        var line = await ReadLineAsync() ?? throw new Xunit.Sdk.XunitException("the node closed the connection");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _client.Dispose();
    }
}
