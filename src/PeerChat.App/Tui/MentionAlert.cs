namespace PeerChat.App.Tui;

/// <summary>
/// What tells a user who is not looking that someone named them: the count of unread mentions for
/// the terminal's title, and the bell, rung at most once per batch of lines however many of them
/// mention the user. A mention is unread until the user looks (<see cref="ChatScreenModel.Look"/>).
/// </summary>
internal sealed class MentionAlert
{
    private readonly bool _bell;
    private bool _ringDue;

    /// <param name="bell">Ring the terminal bell for mentions (<c>peerchat.tui.bell</c>).</param>
    public MentionAlert(bool bell) => _bell = bell;

    public int Unread { get; private set; }

    /// <summary>A line that mentions the user was added to the log.</summary>
    public void Arrived()
    {
        Unread++;
        _ringDue = _bell;
    }

    /// <summary>The user looked: every mention so far is read.</summary>
    public void Seen() => Unread = 0;

    /// <summary>Whether to ring the bell now; true once after any number of mentions.</summary>
    public bool TakeRing()
    {
        var ring = _ringDue;
        _ringDue = false;
        return ring;
    }

    /// <summary>The terminal title: "PeerChat: Alice", with the unread mentions in front when there are any ("(2) PeerChat: Alice").</summary>
    public string Title(string ownName) => Unread == 0 ? $"PeerChat: {ownName}" : $"({Unread}) PeerChat: {ownName}";
}
