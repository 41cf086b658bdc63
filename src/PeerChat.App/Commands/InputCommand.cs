namespace PeerChat.App;

/// <summary>What one line of input asks for, typed on the chat screen or piped into the headless mode.</summary>
internal abstract record InputCommand
{
    private InputCommand() { }

    /// <summary>Send this chat line to every member.</summary>
    public sealed record Say(string Text) : InputCommand;

    /// <summary>Join the network of the member at this address.</summary>
    public sealed record Connect(string Host, int Port) : InputCommand;

    /// <summary>List the members, all of them or only those in a zip code or of an age.</summary>
    public sealed record Peers(PeerFilter Filter) : InputCommand;

    /// <summary>Ask one member (by <c>HOST:PORT</c> or name) for its member list.</summary>
    public sealed record AskMember(string Member) : InputCommand;

    /// <summary>Take a new name: leave every member and join them again under it.</summary>
    public sealed record Nick(string Name) : InputCommand;

    /// <summary>Empty the log view (the chat screen only).</summary>
    public sealed record Clear : InputCommand;

    /// <summary>Say <c>leave</c> to every member and keep running.</summary>
    public sealed record Leave : InputCommand;

    public sealed record Quit : InputCommand;

    public sealed record Help : InputCommand;

    /// <summary>An empty line, or one of only spaces: nothing is sent, nothing is shown.</summary>
    public sealed record Blank : InputCommand;

    /// <summary>Not carried out, and not sent: <paramref name="Text"/> says what was expected.</summary>
    public sealed record Invalid(string Text) : InputCommand;
}
