using PeerChat.Node;
using Terminal.Gui.Input;

namespace PeerChat.App.Tui;

/// <summary>
/// Sends a paste of several lines (<see cref="PastedText"/>), each line its own message, in order.
/// Up to <see cref="PastedText.LinesSentWithoutAsking"/> lines go at once; for more, the log asks
/// first, as weechat does: Enter sends them, Esc does not, and then nothing of the paste is lost:
/// its lines go into the input history (↑ brings them back) and the log says so. While it asks,
/// the input line stays free for typing; another paste joins the lines asked about.
/// </summary>
internal sealed class PasteSender
{
    private readonly ChatScreenModel _model;
    private readonly IChatNode _node;
    private readonly Func<string> _input;
    private readonly Action<string, int> _setInput;
    private Question? _asked;

    /// <param name="input">The input line's text now.</param>
    /// <param name="setInput">Puts text and a cursor (a char index) into the input line.</param>
    public PasteSender(ChatScreenModel model, IChatNode node, Func<string> input, Action<string, int> setInput)
    {
        _model = model;
        _node = node;
        _input = input;
        _setInput = setInput;
    }

    public bool Asking => _asked is not null;

    /// <summary>A paste (cleaned) at the cursor, <paramref name="before"/> and <paramref name="after"/> being the input line's text around it.</summary>
    public void Paste(string before, string pasted, string after)
    {
        if (_asked is { } asked)
        {
            _asked = asked with { Lines = [.. asked.Lines, .. PastedText.Lines("", pasted, "")] };
            Ask();
            return;
        }
        var lines = PastedText.Lines(before, pasted, after);
        _setInput("", 0);
        if (lines.Count <= PastedText.LinesSentWithoutAsking)
        {
            Send(lines);
            return;
        }
        _asked = new Question(lines, Draft: before + after, Cursor: before.Length);
        Ask();
    }

    /// <summary>Enter or Esc while asking: true when it was the answer.</summary>
    public bool Answer(Key key)
    {
        if (_asked is not { } asked || (key != Key.Enter && key != Key.Esc)) return false;
        _asked = null;
        if (key == Key.Enter)
        {
            Send(asked.Lines);
            return true;
        }
        foreach (var line in asked.Lines) _model.History.Add(line);
        _model.Notice($"not sent: the {asked.Lines.Count} pasted lines (↑ brings them back one by one)");
        if (_input().Length == 0) _setInput(asked.Draft, asked.Cursor);
        return true;
    }

    private void Ask()
    {
        var count = _asked!.Lines.Count;
        _model.Log.ScrollToBottom();
        _model.Notice($"paste {count} lines? Enter sends them, Esc does not");
    }

    /// <summary>Each line as a chat message: a paste is text, so a leading <c>/</c> runs no command.</summary>
    private void Send(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
            if (_model.Submit(PastedText.AsMessage(line)).Action is InputCommand.Say say) _node.Send(say.Text);
    }

    /// <summary>The lines asked about, and what the input line held when they came (given back on Esc).</summary>
    private sealed record Question(IReadOnlyList<string> Lines, string Draft, int Cursor);
}
