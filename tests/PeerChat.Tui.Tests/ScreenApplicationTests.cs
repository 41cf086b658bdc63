using PeerChat.App.Tui;
using PeerChat.Tui.Tests.Support;
using Terminal.Gui.Drivers;

namespace PeerChat.Tui.Tests;

/// <summary>The chat screen's Terminal.Gui application (<see cref="ScreenApplication"/>).</summary>
[Collection(nameof(ScreenTests))]
public sealed class ScreenApplicationTests
{
    [Fact]
    public void The_chat_screen_reads_the_terminal_with_the_input_that_sleeps()
    {
        var (app, ownInput) = ScreenApplication.Create(() => { });
        using (app)
        {
            app.Init();
            Assert.True(ownInput); // Terminal.Gui in use still has the constructor that takes a driver's parts
            Assert.Equal(DriverRegistry.Names.ANSI, app.Driver!.GetName());
            var input = (InputProcessorImpl<char>)app.Driver.GetInputProcessor();
            Assert.IsType<TerminalInput>(input.InputImpl);
        }
    }

    [Fact]
    public async Task Input_read_from_the_terminal_is_told_once_it_is_queued_for_the_main_loop()
    {
        var told = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        InputProcessorImpl<char>? input = null;
        var (app, _) = ScreenApplication.Create(() => told.TrySetResult(input!.InputQueue.Count));
        using (app)
        {
            app.Init();
            input = (InputProcessorImpl<char>)app.Driver!.GetInputProcessor();
            var terminal = (TerminalInput)input.InputImpl!;
            terminal.InjectInput('h'); // read by the input thread as a terminal's bytes are
            Assert.Equal(1, await told.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }
}
