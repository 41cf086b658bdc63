using System.Reflection;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Time;

namespace PeerChat.App.Tui;

/// <summary>
/// The Terminal.Gui application for the chat screen: the ANSI driver (Terminal.Gui's default here) with
/// <see cref="TerminalInput"/> as its input, so the input thread sleeps until a key comes.
/// <para>
/// Terminal.Gui 2.5 takes a driver's parts from a component factory, and <see cref="AnsiComponentFactory"/>
/// and <see cref="AnsiInput"/> are public and open to extension, but the constructor that takes a factory
/// (<c>ApplicationImpl(IComponentFactory, ITimeProvider)</c>) is internal, so it is reached by reflection,
/// with the step before it that <see cref="Application.Create"/> takes (its <c>InstanceCreated</c> event,
/// which nothing here listens to, is not raised). Should a later Terminal.Gui lack it, the
/// screen opens as <see cref="Application.Create"/> makes it (its input then polls); a test pins the
/// constructor on the version in use.
/// </para>
/// </summary>
internal static class ScreenApplication
{
    private const string ImplementationType = "Terminal.Gui.App.ApplicationImpl";

    /// <summary>An application not yet initialised; <paramref name="inputArrived"/> is told after each read of the terminal.</summary>
    /// <returns>The application, and whether it reads the terminal with <see cref="TerminalInput"/>.</returns>
    public static (IApplication App, bool OwnInput) Create(Action inputArrived)
    {
        if (FactoryConstructor() is { } construct)
        {
            // Application.Create records that the instance model is in use (the static one then refuses); so does this.
            construct.DeclaringType!.GetMethod("MarkInstanceBasedModelUsed", BindingFlags.Static | BindingFlags.NonPublic, Type.EmptyTypes)
                ?.Invoke(null, null);
            return ((IApplication)construct.Invoke([new ScreenDriver(inputArrived), new SystemTimeProvider()]), true);
        }
        return (Application.Create(), false);
    }

    /// <summary>Terminal.Gui's internal constructor that takes a component factory; null when this version has none.</summary>
    internal static ConstructorInfo? FactoryConstructor() =>
        typeof(IApplication).Assembly.GetType(ImplementationType)
            ?.GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(IComponentFactory), typeof(ITimeProvider)]);

    /// <summary>The ANSI driver's parts, with the input that sleeps.</summary>
    private sealed class ScreenDriver(Action inputArrived) : AnsiComponentFactory
    {
        public override IInput<char> CreateInput() => new TerminalInput(inputArrived);
    }
}
