namespace PeerChat.Protocol;

/// <summary>The one <c>HOST:PORT</c> text form, both ways: IPv6 hosts in brackets (<c>[::1]:5000</c>).</summary>
public static class HostPort
{
    public static string Format(string host, int port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";

    /// <summary>Parses <c>HOST:PORT</c> (<c>[v6]:PORT</c> for IPv6). Returns false with a reason a person can act on.</summary>
    public static bool TryParse(string text, out string host, out int port, out string error)
    {
        host = "";
        port = 0;
        text = text.Trim();
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not HOST:PORT (for example 127.0.0.1:5000)";
            return false;
        }
        host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        else if (host.Contains(':'))
        {
            error = $"'{text}': write IPv6 addresses in brackets, like [::1]:5000";
            return false;
        }
        if (!int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, null, out port) || port is < 1 or > 65535)
        {
            error = $"'{text}': the port must be a number from 1 to 65535";
            return false;
        }
        error = "";
        return true;
    }
}
