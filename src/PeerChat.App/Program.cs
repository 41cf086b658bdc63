// peerchat: a peer-to-peer chat node. Everything happens in PeerChatApp; see `peerchat --help`.
return await PeerChat.App.PeerChatApp.RunAsync(args);
