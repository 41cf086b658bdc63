using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace PeerChat.Node;

/// <summary>
/// Stands in for Akka's default JSON serializer (<c>akka.actor.serializers.json</c> in peerchat.conf). A node is
/// one process and never serializes a message, but Akka creates every configured serializer when the
/// ActorSystem starts, and its JSON one loads Newtonsoft.Json for nothing (docs/performance.md, "Start").
/// Should anything ever ask, it gets an error that says so rather than bytes.
/// </summary>
public sealed class NoSerialization : Serializer
{
    public NoSerialization(ExtendedActorSystem system) : base(system)
    {
    }

    /// <summary>The constructor Akka calls when <c>akka.actor.serialization-settings</c> has a section for the serializer's name, as it has for <c>json</c>.</summary>
    public NoSerialization(ExtendedActorSystem system, Config settings) : base(system)
    {
    }

    /// <summary>Above the identifiers Akka reserves (0 to 40), so no serializer of Akka's is mistaken for it.</summary>
    public override int Identifier => 41;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new NotSupportedException($"peerchat does not serialize messages ({obj?.GetType().Name ?? "null"})");

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new NotSupportedException($"peerchat does not deserialize messages ({type.Name})");
}
