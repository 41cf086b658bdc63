namespace PeerChat.Check.Tests;

/// <summary>How a <see cref="TinyNode"/> departs from the spec or the profile, the way real implementations do.</summary>
[Flags]
internal enum TinyNodeFaults
{
    None = 0,

    /// <summary>Numbers as JSON numbers in join-reply and who-reply (as the spec author's Java peer writes them).</summary>
    NumbersAsJsonNumbers = 1,

    /// <summary>The member asking who is in its own who-reply.</summary>
    ListsRequester = 2,

    /// <summary>A join is never answered.</summary>
    NoJoinReply = 4,

    /// <summary>The first line that is not a typed JSON object closes the connection (as the Java peer does).</summary>
    ClosesOnGarbage = 8,

    /// <summary>A who before the join is answered (a profile decision, not the spec).</summary>
    AnswersWhoBeforeJoin = 16,
}
