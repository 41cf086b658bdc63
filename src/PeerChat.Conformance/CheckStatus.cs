namespace PeerChat.Conformance;

public enum CheckStatus
{
    Pass,
    Fail,

    /// <summary>A profile check failed: worth knowing, not a departure from the spec.</summary>
    Warn,

    /// <summary>Not run: it needs <c>--start</c>.</summary>
    Skip,
}
