using System.Net;
using System.Net.Sockets;
using PeerChat.App;

namespace PeerChat.App.Tests;

public sealed class BindProblemTests
{
    [Fact]
    public void Free_address_has_no_problem()
    {
        Assert.Null(HeadlessSession.BindProblem("127.0.0.1", 0));
    }

    [Fact]
    public void Host_that_is_not_an_ip_address_is_left_to_the_node()
    {
        Assert.Null(HeadlessSession.BindProblem("localhost", 5000));
    }

    [Fact]
    public void Port_taken_by_a_listener_is_a_problem()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            Assert.NotNull(HeadlessSession.BindProblem("127.0.0.1", ((IPEndPoint)taken.LocalEndpoint).Port));
        }
        finally
        {
            taken.Stop();
        }
    }
}
