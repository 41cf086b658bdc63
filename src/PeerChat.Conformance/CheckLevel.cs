namespace PeerChat.Conformance;

/// <summary>What a check holds a node to.</summary>
public enum CheckLevel
{
    /// <summary>The spec says so: a failure fails the run.</summary>
    Must,

    /// <summary>This project's reading of a gap in the spec (docs: the protocol profile): a failure is a warning.</summary>
    Profile,
}
