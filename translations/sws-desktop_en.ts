<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>QObject</name>
    <message>
        <source>delivered up to message %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered up to %1, next %2, stream %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo room (v2, certificates)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until %1 UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leave empty to store the key unprotected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not JSON: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an SWS Desktop transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transcript format version %1 is not supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust store unreadable, pins are not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trust store could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New identity…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a &amp;CA…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I&amp;ssue a certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect a certificate &amp;file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trust and pinned keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key refused by the user</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::Profile</name>
    <message>
        <source>1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, not starting with &apos;.&apos; or &apos;-&apos;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui</name>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handshaking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>secured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hosting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>awaiting key approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>counter %1 (little-endian)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed here: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (sent by the peer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (no WebSocket close frame)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peer certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ refused:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not stored (transcripts never hold share keys)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not known on this side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>counter starts at </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share key </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client → server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server → client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handshake boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crypto_box: X25519 + XSalsa20-Poly1305</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crypto_secretbox: XSalsa20-Poly1305, one binary frame per message; nonce = 8-byte counter ×3, +1 per frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Box we sealed (s_blackbox_a)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Box we opened (s_blackbox_a)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the two ends can read this: it is sealed with crypto_box to the other side&apos;s key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nonce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes of JSON (certificate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw JSON (%1 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (implied, not observable here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (+%1 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 checked (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each direction has its own share key and counter. The Traffic tab shows every frame.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not reached yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::CertInspectDialog</name>
    <message>
        <source>Inspect a certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME-cert.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME-ca-cert.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: a host name or IP address it must be valid for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (self-signed certificates)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check against:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the CA certificate file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a certificate file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type %1, CA %2, names %3, IPs %4; %5. Fingerprint %6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is among the names or IPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not among the names or IPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not issued for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid: every rule passed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ChatHistory</name>
    <message numerus="yes">
        <source>%n earlier message(s) from the history</source>
        <translation>
            <numerusform>%n earlier message from the history</numerusform>
            <numerusform>%n earlier messages from the history</numerusform>
        </translation>
    </message>
    <message>
        <source>Start of the conversation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ChatModel</name>
    <message>
        <source>queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sending…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ChatView</name>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-8 text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>msgpack string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the message is encoded: plain UTF-8, or a MessagePack string as the reference demos send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages yet.
Every member&apos;s messages appear here, and what you write goes to every member.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This transcript holds no data frames.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages yet.
What you write is sealed with the session&apos;s share key and sent as one binary frame.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A transcript is read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a message — Enter sends it, encrypted in its own frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You host this room: members&apos; messages pass through this app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host of this room can read every message.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ClientConnection</name>
    <message>
        <source>the session closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · version %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · server key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · delivery receipts (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · no delivery receipts (plain peer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 frames sent, %2 received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not sent: the session is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for the secure session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent; this peer cannot confirm delivery (it does not speak %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent; waiting for the peer to acknowledge it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered: the peer acknowledged it at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not sent: too large, or too many messages await acknowledgement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not acknowledged before %1; it may still have arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for the conversation history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnecting in %1 s…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages are no longer kept on disk: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept from the last run; sent again once the server is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) from the last run wait for the server</source>
        <translation>
            <numerusform>%n message from the last run waits for the server</numerusform>
            <numerusform>%n messages from the last run wait for the server</numerusform>
        </translation>
    </message>
    <message>
        <source>not sent: closed by the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed by the user</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ConnectDialog</name>
    <message>
        <source>Connect to a server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fresh key pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key pair file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>box-kp.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME-cert.json: only for servers that require one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME-ca-cert.json: the CA that signed the server&apos;s certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server certificate must name this host or IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 — public keys only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 — keys and nacl-cert certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A fresh key pair is made for every connection unless you pick a box-kp.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a WebSocket URL such as ws://127.0.0.1:8080/.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate was not made for this key pair.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity of the profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (certificate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version 2 checks the server&apos;s certificate: choose the CA that signed it (or add it to the trust store).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ConnectionDelegate</name>
    <message>
        <source>ROOM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JOINED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ConnectionListModel</name>
    <message>
        <source>hosting · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>members</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ConnectionView</name>
    <message>
        <source>Session:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no member yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The member session the Peer and Handshake tabs show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ContactListModel</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosted room %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1+</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, %n unread</source>
        <translation>
            <numerusform>%1, %n unread</numerusform>
            <numerusform>%1, %n unread</numerusform>
        </translation>
    </message>
    <message>
        <source>Room %1
Last message: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Fingerprint: %2%3
First seen: %4
Last seen: %5
Seen at: %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (verified)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ContactListView</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name, fingerprint or endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the selected contact a name (F2 in the list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People you talk to appear here, by their key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seen at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 unread)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::CreateCaDialog</name>
    <message>
        <source>Create a certificate authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust this CA for connections (version 2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. home.lan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carried in every certificate the CA signs. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase for the CA key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the CA a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name may hold %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CA named %1 exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA will be valid %1; its secret key %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encrypted with the passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored without a passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA was created, but could not be trusted: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::DialogBase</name>
    <message>
        <source>Ready.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ExportDialog</name>
    <message>
        <source>Export keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>where to write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity: key pair (box-kp.json, not protected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity: public key only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA: certificate (NAME-ca-cert.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA: certificate and secret key (NAME-ca-key.json, not protected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (protected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing of that kind in the profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists already: choose a new file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder of %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file will hold the secret key without protection (mode 0600). Keep it safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file holds no secret.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::HandshakeModel</name>
    <message>
        <source>certificate valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>implied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (close %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ClientHello</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ServerHello</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client verifies · ClientReady</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server verifies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>we connect to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a client connects to us</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>we send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>we receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>we verify and send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the client verifies; we receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server verifies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>we verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both sides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: client key %2, nonce %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: server key %2, %3-byte sealed box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-byte sealed box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ClientReady received, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>box opened; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>box opened: nonce and share key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; ClientReady sent, %1-byte sealed box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server checks ClientReady without a reply; a refusal would close the socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>version %1 session: every message in its own secretbox frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed by the server before any data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::HandshakeView</name>
    <message>
        <source>Reveal share keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handshake steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share keys are session secrets: they decrypt this session&apos;s frames. They are never exported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seen from the %1 side · SWS version %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::HistoryConnection</name>
    <message>
        <source>Read-only history of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::HistoryExportDialog</name>
    <message>
        <source>Export conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>where to write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text, one message a line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file holds the messages in plain text, not encrypted: it is written readable by you only (mode 0600). Keep it safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contact %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history holds no conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is a folder: choose a file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::HistoryOpener</name>
    <message>
        <source>the history key in the OS keychain has a wrong size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the history passphrase was not given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep conversations?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No OS keychain can keep the key that encrypts your conversations on this computer (%1).

Set a history passphrase to keep them, encrypted with it; the app asks for it at each start. Or go on without keeping conversations this time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Set a passphrase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Not this time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no OS keychain answers and no history passphrase is set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no history passphrase was set</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::HistorySearchDialog</name>
    <message>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text to find in every conversation (Enter searches)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the text to find.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history cannot be searched: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n message found.</numerusform>
            <numerusform>%n messages found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sws::ui::HostDialog</name>
    <message>
        <source>Host a room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a throwaway CA and certificates in memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME-cert.json: the room&apos;s certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>box-kp.json: the room&apos;s key pair (empty: a fresh one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME-ca-cert.json: the CA that signs client certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Require a client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any path (e.g. /chat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 — public keys only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 — keys and nacl-cert certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat — every message goes to every other member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Echo — every message goes back to its sender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None — messages are only shown here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version 1 needs nothing else; version 2 needs the room&apos;s certificate and key pair, or a throwaway CA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this machine only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the network on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every IPv4 interface (invitations name the first LAN address)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an IP address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an address of your choosing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reachable from: %1. Invitations to the room name this address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address is not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The path must start with &apos;/&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate was not made for this key pair.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requiring client certificates needs the CA that signs them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this room when the app starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file below (or none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (profile)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key pair file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2%3%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New identity, saved in the profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New identity…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fresh key pair for this run (not remembered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version 2 needs the key pair (box-kp.json) the certificate was made for, or an identity of the profile with a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version 2 needs the room&apos;s certificate (NAME-cert.json), or an identity with one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::HostedRoom</name>
    <message>
        <source>Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 joined again (%2); its earlier session is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 joined (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you (host)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no member to send to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sending to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered to all %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not delivered to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered to %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>awaiting acknowledgement from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent to %1; plain peers cannot confirm delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent to %1 that cannot confirm delivery (plain peers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (joined)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>echo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chat relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot host: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosting %1 · version %2 · %3 · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handshakes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>room closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::ImportDialog</name>
    <message>
        <source>Import keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity (box-kp.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA (NAME-ca-cert.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>box-kp.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: NAME-ca-key.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust this CA for connections (version 2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name in the profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase (optional):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME-ca-cert.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the CA certificate file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the box-kp.json file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a valid CA certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not self-signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA key belongs to another CA certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give it a name in the profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name may hold %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists already in the profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A passphrase protects a secret key: choose the CA key file, or leave the passphrase empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA was imported, but could not be trusted: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::InterceptModel</name>
    <message>
        <source>client → server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server → client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edited, forwarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forwarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>injected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::InterceptWindow</name>
    <message>
        <source>Intercept — SWS Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: version 1; a CA-CERT.json file: version 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version 2: the upstream&apos;s certificate must be signed by this CA; clients must trust the profile&apos;s inspection CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client connects to the proxy instead of the server; the proxy sees every message in plaintext.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause: hold every message until forwarded or dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected message; edit it before forwarding, or write a message to inject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Drop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inject → &amp;server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inject → &amp;client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save every session&apos;s handshakes, messages and closes as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client-side handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upstream-side handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handshake with the cl&amp;ient:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handshake with the ups&amp;tream server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Upstream server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upstream &amp;CA:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen on HOST:PORT, for example 127.0.0.1:9000.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The upstream server is a ws://HOST:PORT/PATH URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Version 2: clients must trust the inspection CA %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session %1: the %2 closed (code %3) %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listening on %1 for %2. Point the client at the proxy&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export: the proxy has not started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcript saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON transcript (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session %1 is closed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::InviteDialog</name>
    <message>
        <source>&amp;Copy link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invite to the room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invite to “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send this link to the person you invite (mail, chat, or let them scan the code). Their app opens it at the join step and accepts only this room&apos;s key, so nobody in between can pose as the room.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address &lt;code&gt;%1&lt;/code&gt; · version %2&lt;br&gt;Room key &lt;b&gt;%3&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This room listens on a loopback address: only this machine can join. To invite someone else, host the room on a LAN address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::IssueCertDialog</name>
    <message>
        <source>Issue a certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public key file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>box-kp.json or {&quot;publickey&quot;:[…]}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the identity&apos;s current certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME-cert.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (protected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host names, comma-separated: chat.example.org, localhost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IP addresses, comma-separated: 127.0.0.1, ::1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAC addresses, comma-separated (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing CA:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Names:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MACs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give at least one host name or IP address the certificate is for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a MAC address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No CA with a secret key in the profile: create one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA %1 has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile has no identity yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity %1 has a certificate already (%2): tick Replace to replace it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file with the public key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder of %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate may not outlive its CA (%1): at most %2 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate will be valid %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::JoinInvitationDialog</name>
    <message>
        <source>Join by invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sws-invite:1/…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the link you were sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2 (version %3). Only the room key %4 will be accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::MainWindow</name>
    <message>
        <source>Join this room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SWS Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CONNECTIONS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;No connection selected&lt;/h2&gt;&lt;p&gt;Host a room that others join, or connect to an SWS server.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host a room…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host a room or connect to a server to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b style=&apos;font-size:large&apos;&gt;Welcome to SWS Desktop.&lt;/b&gt;&lt;br&gt;A demo room is running on &lt;code&gt;%1&lt;/code&gt;. Join it from this app to see a secured session: its handshake step by step, the peer&apos;s key fingerprint, and every encrypted frame with its plaintext.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot host the room: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined the demo room. Send a message, then look at the Handshake and Traffic tabs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to the demo room! This message was sealed with your session&apos;s share key and opened by your app. Write something: the room relays it to every other member, and its host sees it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host a room…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+H</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join by &amp;invitation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+J</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export transcript…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open transcript…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Join this room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join the selected room from this app with a fresh key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Invite…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A link (and QR code) that lets someone join the selected room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove from list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About SWS Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcript saved to %1 (no secret or share keys)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About SWS Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;SWS Desktop %1&lt;/h3&gt;&lt;p&gt;Secure chat over SecureWebSocket: a NaCl public-key handshake over a plain WebSocket, then every message in its own secretbox frame.&lt;/p&gt;&lt;p&gt;The inspector shows each handshake step and every frame; transcripts never contain secret or share keys.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join by invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The room uses a CA (fingerprint %1) that is not among the enabled CAs of your trust store. Ask the inviter for its certificate and add it in Keys → Trust manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined by invitation: the room key %1 is pinned for %2 as verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined, but the room key could not be pinned: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 is not the room the invitation names, so the app refused it before sending anything. Nothing was pinned.

Key in the invitation:	%2
Key the server showed:	%3

Someone else may be answering at that address, or the room was hosted again with a new key: ask the inviter for a new link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach %1, the address in the invitation. The room may be closed, or the address only works on the inviter&apos;s network: ask for a link with an address you can reach.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo room through the proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo room&apos;s key is not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In&amp;tercept…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open at start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host this room (join this server) again when the app starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ontacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SWS transcripts (*.sws-transcript.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SWS transcripts (*.sws-transcript.json *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations are not kept this time: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations are no longer kept: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Older messages cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A contact is not kept: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages with %1 yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No history this time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That conversation is no longer in the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hi&amp;story</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search conversations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export conversation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete conversation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+Del</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation written to %1 (plain text, readable by you only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That message is no longer in the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected connection keeps no history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation cannot be deleted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation deleted from the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history cannot be cleared: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History cleared; new messages are kept from now on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected connection keeps no history to delete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the history of “%1”? Its messages are removed from this computer for good and the chat is emptied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete every conversation, message and contact of the history? This cannot be undone. Open chats are emptied; new messages are kept from then on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A desktop notification for each message that arrives while this window is not active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show message te&amp;xt in notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off: notifications say only &quot;New message&quot; and who it is from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New message</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n new messages</source>
        <translation>
            <numerusform>%n new message</numerusform>
            <numerusform>%n new messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new messages; the last: %1</source>
        <translation>
            <numerusform>%n new message; the last: %1</numerusform>
            <numerusform>%n new messages; the last: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Notifications are not shown: no notification service answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>identity %1 has no certificate for version 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot listen on %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>room %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not reopened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit SWS Desktop?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n room(s) hosted here will close, and their members lose them until the app starts again.</source>
        <translation>
            <numerusform>%n room hosted here will close, and its members lose it until the app starts again.</numerusform>
            <numerusform>%n rooms hosted here will close, and their members lose them until the app starts again.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not ask again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::NewIdentityDialog</name>
    <message>
        <source>New identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase (optional):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the identity a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name may hold %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An identity named %1 exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new key pair will be stored in %1, encrypted with the passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new key pair will be stored in %1 without a passphrase (readable by anyone who can read your files).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::Notifier</name>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::PassphraseDialog</name>
    <message>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a passphrase to protect %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is protected by a passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::PathField</name>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens a file chooser for %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::PeerKeyDialog</name>
    <message>
        <source>Server key changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The server at %1 presented a different key than the one pinned for it.&lt;/b&gt; The connection was refused and nothing was sent.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned key (you had verified it):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key presented now:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Either the server&apos;s key was replaced, or someone is intercepting the connection. Ask the owner of the server whether the key changed and compare the new fingerprint. Only then forget the old key and connect again; you will be asked about the new one.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the old key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New server key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;First connection to %1 with this key.&lt;/b&gt; Nothing has been sent yet.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Its certificate is valid (CA %1).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Its certificate did not validate: %1&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Compare the fingerprint with the one the server&apos;s owner gave you (in person or by phone). If you trust it, its key is pinned: a different key for this server will be refused.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I compared the fingerprint and it matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust and connect</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::PeerPanel</name>
    <message>
        <source>Peer certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate validation rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This client looks like the Java reference implementation: it draws its nonces and share keys from java.util.Random, which one nonce seen on the network predicts. Anyone who saw this handshake can read the session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peer identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the fingerprint to your peer over another channel (a call, in person). If it matches theirs, nobody sits in between.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for the peer&apos;s key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SWS version 2 (certificates)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SWS version 1 (keys only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — we are the %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version 1 sessions carry no certificates: the fingerprint is the only proof of who the peer is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This room does not ask clients for a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate has not arrived yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#2e9d57;font-weight:bold&apos;&gt;✔ Certificate valid&lt;/span&gt; — every rule below passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#d03c3c;font-weight:bold&apos;&gt;✘ Certificate refused&lt;/span&gt; — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IP addresses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAC addresses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key in certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::PinModel</name>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not verified</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::SessionTracker</name>
    <message>
        <source>unknown key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (close %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client %1 connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket open to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server refused the session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::TrafficModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ciphertext</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plaintext</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>→ sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>← recv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed to authenticate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First %1 of %2 bytes on the wire (Poly1305 tag first):
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes plaintext, %2 bytes on the wire (16-byte tag included)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::TrafficView</name>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both directions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search plaintext, ciphertext hex, counter or peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the newest frame in view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 frames seen · %2 kept · %3 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 oldest dropped (keeps the newest %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::TranscriptConnection</name>
    <message>
        <source>%1 (transcript)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(failed to authenticate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only transcript %1 · exported %2 · %3 stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frames</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::TrustManagerDialog</name>
    <message>
        <source>Trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted certificate authorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned server keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Certificate authorities&lt;/b&gt; — the enabled ones may sign the certificates of servers (version 2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Pinned server keys&lt;/b&gt; — a server whose key differs from its pin is refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add CA…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark verified…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove pin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust a CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificates (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a CA first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a pinned key first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify a server key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare this fingerprint with the one the owner of %1 gave you — in person or by phone, not over this connection:

%2

Do they match exactly?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 CAs trusted, %3 pinned keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> %1 trusted CAs expire within 30 days or have expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> OK saves the changes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::TrustedCaModel</name>
    <message>
        <source>Trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in root CA of the reference (node-sws); its key belongs to a third party</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sws::ui::VerdictModel</name>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version 1.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA self-signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Within CA lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by a trusted CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key binding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name or IP binding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
