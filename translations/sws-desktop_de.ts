<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>QObject</name>
    <message>
        <source>delivered up to message %1</source>
        <translation>zugestellt bis Nachricht %1</translation>
    </message>
    <message>
        <source>delivered up to %1, next %2, stream %3</source>
        <translation>zugestellt bis %1, nächste %2, Stream %3</translation>
    </message>
    <message>
        <source>Demo room (v2, certificates)</source>
        <translation>Demo-Raum (v2, Zertifikate)</translation>
    </message>
    <message>
        <source>Demo room</source>
        <translation>Demo-Raum</translation>
    </message>
    <message>
        <source>until %1 UTC</source>
        <translation>bis %1 UTC</translation>
    </message>
    <message>
        <source>leave empty to store the key unprotected</source>
        <translation>leer lassen, um den Schlüssel ungeschützt zu speichern</translation>
    </message>
    <message>
        <source>Repeat passphrase:</source>
        <translation>Passphrase wiederholen:</translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <translation>Die Passphrase muss mindestens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen stimmen nicht überein.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>not JSON: %1</source>
        <translation>kein JSON: %1</translation>
    </message>
    <message>
        <source>not an SWS Desktop transcript</source>
        <translation>kein SWS-Desktop-Mitschnitt</translation>
    </message>
    <message>
        <source>transcript format version %1 is not supported</source>
        <translation>Mitschnitt-Formatversion %1 wird nicht unterstützt</translation>
    </message>
    <message>
        <source>Trust store unreadable, pins are not saved: %1</source>
        <translation>Vertrauensspeicher nicht lesbar, Pins werden nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>The trust store could not be saved: %1</source>
        <translation>Der Vertrauensspeicher konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <translation>&amp;Schlüssel</translation>
    </message>
    <message>
        <source>&amp;New identity…</source>
        <translation>&amp;Neue Identität…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Create a &amp;CA…</source>
        <translation>&amp;CA erstellen…</translation>
    </message>
    <message>
        <source>I&amp;ssue a certificate…</source>
        <translation>Zertifikat a&amp;usstellen…</translation>
    </message>
    <message>
        <source>Inspect a certificate &amp;file…</source>
        <translation>Zertifikats&amp;datei prüfen…</translation>
    </message>
    <message>
        <source>&amp;Trust and pinned keys…</source>
        <translation>&amp;Vertrauen und angeheftete Schlüssel…</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
    <message>
        <source>key refused by the user</source>
        <translation>Schlüssel vom Benutzer abgelehnt</translation>
    </message>
</context>
<context>
    <name>sws::Profile</name>
    <message>
        <source>1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, not starting with &apos;.&apos; or &apos;-&apos;</source>
        <translation>1 bis 64 Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; oder &apos;-&apos;, nicht beginnend mit &apos;.&apos; oder &apos;-&apos;</translation>
    </message>
</context>
<context>
    <name>sws::ui</name>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>handshaking</source>
        <translation>Handshake läuft</translation>
    </message>
    <message>
        <source>secured</source>
        <translation>gesichert</translation>
    </message>
    <message>
        <source>hosting</source>
        <translation>hostet</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>transcript</source>
        <translation>Mitschnitt</translation>
    </message>
    <message>
        <source>awaiting key approval</source>
        <translation>wartet auf Schlüsselfreigabe</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>counter %1 (little-endian)</source>
        <translation>Zähler %1 (Little-Endian)</translation>
    </message>
    <message>
        <source>fingerprint</source>
        <translation>Fingerabdruck</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>Failed here: %1</source>
        <translation>Hier fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Close code</source>
        <translation>Close-Code</translation>
    </message>
    <message>
        <source> (sent by the peer)</source>
        <translation> (von der Gegenstelle gesendet)</translation>
    </message>
    <message>
        <source>none (no WebSocket close frame)</source>
        <translation>keiner (kein WebSocket-Close-Frame)</translation>
    </message>
    <message>
        <source>Certificate rule</source>
        <translation>Zertifikatsregel</translation>
    </message>
    <message>
        <source>Peer certificate</source>
        <translation>Zertifikat der Gegenstelle</translation>
    </message>
    <message>
        <source>✔ valid</source>
        <translation>✔ gültig</translation>
    </message>
    <message>
        <source>✘ refused:</source>
        <translation>✘ abgelehnt:</translation>
    </message>
    <message>
        <source>not stored (transcripts never hold share keys)</source>
        <translation>nicht gespeichert (Mitschnitte enthalten nie gemeinsame Schlüssel)</translation>
    </message>
    <message>
        <source>secret</source>
        <translation>geheim</translation>
    </message>
    <message>
        <source>masked</source>
        <translation>verborgen</translation>
    </message>
    <message>
        <source>Data channels</source>
        <translation>Datenkanäle</translation>
    </message>
    <message>
        <source>not known on this side</source>
        <translation>auf dieser Seite nicht bekannt</translation>
    </message>
    <message>
        <source>counter starts at </source>
        <translation>Zähler beginnt bei </translation>
    </message>
    <message>
        <source>share key </source>
        <translation>gemeinsamer Schlüssel </translation>
    </message>
    <message>
        <source>client → server</source>
        <translation>Client → Server</translation>
    </message>
    <message>
        <source>server → client</source>
        <translation>Server → Client</translation>
    </message>
    <message>
        <source>Handshake boxes</source>
        <translation>Handshake-Boxen</translation>
    </message>
    <message>
        <source>crypto_box: X25519 + XSalsa20-Poly1305</source>
        <translation>crypto_box: X25519 + XSalsa20-Poly1305</translation>
    </message>
    <message>
        <source>Data frames</source>
        <translation>Daten-Frames</translation>
    </message>
    <message>
        <source>crypto_secretbox: XSalsa20-Poly1305, one binary frame per message; nonce = 8-byte counter ×3, +1 per frame</source>
        <translation>crypto_secretbox: XSalsa20-Poly1305, ein Binär-Frame pro Nachricht; Nonce = 8-Byte-Zähler ×3, +1 pro Frame</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>received</source>
        <translation>empfangen</translation>
    </message>
    <message>
        <source>Box we sealed (s_blackbox_a)</source>
        <translation>Von uns versiegelte Box (s_blackbox_a)</translation>
    </message>
    <message>
        <source>Box we opened (s_blackbox_a)</source>
        <translation>Von uns geöffnete Box (s_blackbox_a)</translation>
    </message>
    <message>
        <source>Only the two ends can read this: it is sealed with crypto_box to the other side&apos;s key.</source>
        <translation>Nur die beiden Enden können dies lesen: Es ist mit crypto_box an den Schlüssel der anderen Seite versiegelt.</translation>
    </message>
    <message>
        <source>Nonce</source>
        <translation>Nonce</translation>
    </message>
    <message>
        <source>Share key</source>
        <translation>Gemeinsamer Schlüssel</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
    <message>
        <source>%1 bytes of JSON (certificate)</source>
        <translation>%1 Bytes JSON (Zertifikat)</translation>
    </message>
    <message>
        <source>Raw JSON (%1 bytes)</source>
        <translation>Roh-JSON (%1 Bytes)</translation>
    </message>
    <message>
        <source>Step %1 · %2</source>
        <translation>Schritt %1 · %2</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source> (implied, not observable here)</source>
        <translation> (impliziert, hier nicht beobachtbar)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source> (+%1 ms)</source>
        <translation> (+%1 ms)</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>%1 checked (%2)</source>
        <translation>%1 geprüft (%2)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Each direction has its own share key and counter. The Traffic tab shows every frame.</source>
        <translation>Jede Richtung hat ihren eigenen gemeinsamen Schlüssel und Zähler. Der Tab „Datenverkehr“ zeigt jeden Frame.</translation>
    </message>
    <message>
        <source>Not reached yet.</source>
        <translation>Noch nicht erreicht.</translation>
    </message>
</context>
<context>
    <name>sws::ui::CertInspectDialog</name>
    <message>
        <source>Inspect a certificate</source>
        <translation>Zertifikat prüfen</translation>
    </message>
    <message>
        <source>NAME-cert.json</source>
        <translation>NAME-cert.json</translation>
    </message>
    <message>
        <source>NAME-ca-cert.json</source>
        <translation>NAME-ca-cert.json</translation>
    </message>
    <message>
        <source>optional: a host name or IP address it must be valid for</source>
        <translation>optional: ein Hostname oder eine IP-Adresse, für die es gültig sein muss</translation>
    </message>
    <message>
        <source>Validation rules</source>
        <translation>Prüfregeln</translation>
    </message>
    <message>
        <source>None (self-signed certificates)</source>
        <translation>Keine (selbstsignierte Zertifikate)</translation>
    </message>
    <message>
        <source>CA certificate file…</source>
        <translation>CA-Zertifikatsdatei…</translation>
    </message>
    <message>
        <source>Trusted: %1 (%2)</source>
        <translation>Vertrauenswürdig: %1 (%2)</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profil: %1</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>Zertifikat:</translation>
    </message>
    <message>
        <source>Check against:</source>
        <translation>Prüfen gegen:</translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation>Gültig für:</translation>
    </message>
    <message>
        <source>Choose the CA certificate file.</source>
        <translation>Wählen Sie die CA-Zertifikatsdatei.</translation>
    </message>
    <message>
        <source>Choose a certificate file.</source>
        <translation>Wählen Sie eine Zertifikatsdatei.</translation>
    </message>
    <message>
        <source>Type %1, CA %2, names %3, IPs %4; %5. Fingerprint %6.</source>
        <translation>Typ %1, CA %2, Namen %3, IPs %4; %5. Fingerabdruck %6.</translation>
    </message>
    <message>
        <source>%1 is among the names or IPs</source>
        <translation>%1 ist unter den Namen oder IPs</translation>
    </message>
    <message>
        <source>%1 is not among the names or IPs</source>
        <translation>%1 ist nicht unter den Namen oder IPs</translation>
    </message>
    <message>
        <source>not issued for %1</source>
        <translation>nicht für %1 ausgestellt</translation>
    </message>
    <message>
        <source>Not valid: %1</source>
        <translation>Nicht gültig: %1</translation>
    </message>
    <message>
        <source>Valid: every rule passed.</source>
        <translation>Gültig: Alle Regeln erfüllt.</translation>
    </message>
</context>
<context>
    <name>sws::ui::ChatHistory</name>
    <message numerus="yes">
        <source>%n earlier message(s) from the history</source>
        <translation>
            <numerusform>%n frühere Nachricht aus dem Verlauf</numerusform>
            <numerusform>%n frühere Nachrichten aus dem Verlauf</numerusform>
        </translation>
    </message>
    <message>
        <source>Start of the conversation</source>
        <translation>Beginn der Unterhaltung</translation>
    </message>
</context>
<context>
    <name>sws::ui::ChatModel</name>
    <message>
        <source>queued</source>
        <translation>in Warteschlange</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>received</source>
        <translation>empfangen</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>zugestellt</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>wird gesendet…</translation>
    </message>
</context>
<context>
    <name>sws::ui::ChatView</name>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>UTF-8 text</source>
        <translation>UTF-8-Text</translation>
    </message>
    <message>
        <source>msgpack string</source>
        <translation>msgpack-String</translation>
    </message>
    <message>
        <source>How the message is encoded: plain UTF-8, or a MessagePack string as the reference demos send</source>
        <translation>Wie die Nachricht kodiert wird: als einfaches UTF-8 oder als MessagePack-String, wie ihn die Referenz-Demos senden</translation>
    </message>
    <message>
        <source>No messages yet.
Every member&apos;s messages appear here, and what you write goes to every member.</source>
        <translation>Noch keine Nachrichten.
Die Nachrichten aller Mitglieder erscheinen hier, und was Sie schreiben, geht an alle Mitglieder.</translation>
    </message>
    <message>
        <source>This transcript holds no data frames.</source>
        <translation>Dieser Mitschnitt enthält keine Daten-Frames.</translation>
    </message>
    <message>
        <source>No messages yet.
What you write is sealed with the session&apos;s share key and sent as one binary frame.</source>
        <translation>Noch keine Nachrichten.
Was Sie schreiben, wird mit dem gemeinsamen Schlüssel der Sitzung versiegelt und als ein Binär-Frame gesendet.</translation>
    </message>
    <message>
        <source>A transcript is read-only</source>
        <translation>Ein Mitschnitt ist schreibgeschützt</translation>
    </message>
    <message>
        <source>The session is closed</source>
        <translation>Die Sitzung ist geschlossen</translation>
    </message>
    <message>
        <source>Write a message — Enter sends it, encrypted in its own frame</source>
        <translation>Nachricht schreiben — Eingabetaste sendet sie, verschlüsselt in einem eigenen Frame</translation>
    </message>
    <message>
        <source>You host this room: members&apos; messages pass through this app.</source>
        <translation>Sie hosten diesen Raum: Die Nachrichten der Mitglieder laufen durch diese App.</translation>
    </message>
    <message>
        <source>The host of this room can read every message.</source>
        <translation>Der Host dieses Raums kann jede Nachricht lesen.</translation>
    </message>
</context>
<context>
    <name>sws::ui::ClientConnection</name>
    <message>
        <source>the session closed</source>
        <translation>die Sitzung wurde geschlossen</translation>
    </message>
    <message>
        <source>%1 · version %2</source>
        <translation>%1 · Version %2</translation>
    </message>
    <message>
        <source> · server key %1</source>
        <translation> · Server-Schlüssel %1</translation>
    </message>
    <message>
        <source> · delivery receipts (%1)</source>
        <translation> · Zustellbestätigungen (%1)</translation>
    </message>
    <message>
        <source> · no delivery receipts (plain peer)</source>
        <translation> · keine Zustellbestätigungen (einfache Gegenstelle)</translation>
    </message>
    <message>
        <source> · %1 frames sent, %2 received</source>
        <translation> · %1 Frames gesendet, %2 empfangen</translation>
    </message>
    <message>
        <source>you</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>not sent: the session is closed</source>
        <translation>nicht gesendet: Die Sitzung ist geschlossen</translation>
    </message>
    <message>
        <source>waiting for the secure session</source>
        <translation>wartet auf die sichere Sitzung</translation>
    </message>
    <message>
        <source>sent; this peer cannot confirm delivery (it does not speak %1)</source>
        <translation>gesendet; diese Gegenstelle kann die Zustellung nicht bestätigen (sie spricht kein %1)</translation>
    </message>
    <message>
        <source>sent; waiting for the peer to acknowledge it</source>
        <translation>gesendet; wartet auf die Bestätigung der Gegenstelle</translation>
    </message>
    <message>
        <source>delivered: the peer acknowledged it at %1</source>
        <translation>zugestellt: Die Gegenstelle hat sie um %1 bestätigt</translation>
    </message>
    <message>
        <source>not sent: too large, or too many messages await acknowledgement</source>
        <translation>nicht gesendet: zu groß, oder zu viele Nachrichten warten auf Bestätigung</translation>
    </message>
    <message>
        <source>not acknowledged before %1; it may still have arrived</source>
        <translation>nicht vor %1 bestätigt; sie ist vielleicht trotzdem angekommen</translation>
    </message>
    <message>
        <source>not sent: %1</source>
        <translation>nicht gesendet: %1</translation>
    </message>
    <message>
        <source>waiting for the conversation history…</source>
        <translation>wartet auf den Verlauf der Unterhaltung…</translation>
    </message>
    <message>
        <source>reconnecting in %1 s…</source>
        <translation>erneuter Verbindungsversuch in %1 s…</translation>
    </message>
    <message>
        <source>Messages are no longer kept on disk: %1</source>
        <translation>Nachrichten werden nicht mehr auf der Festplatte gespeichert: %1</translation>
    </message>
    <message>
        <source>kept from the last run; sent again once the server is back</source>
        <translation>aus dem letzten Programmlauf aufbewahrt; wird erneut gesendet, sobald der Server wieder erreichbar ist</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) from the last run wait for the server</source>
        <translation>
            <numerusform>%n Nachricht aus dem letzten Programmlauf wartet auf den Server</numerusform>
            <numerusform>%n Nachrichten aus dem letzten Programmlauf warten auf den Server</numerusform>
        </translation>
    </message>
    <message>
        <source>not sent: closed by the user</source>
        <translation>nicht gesendet: vom Benutzer geschlossen</translation>
    </message>
    <message>
        <source>closed by the user</source>
        <translation>vom Benutzer geschlossen</translation>
    </message>
</context>
<context>
    <name>sws::ui::ConnectDialog</name>
    <message>
        <source>Connect to a server</source>
        <translation>Mit einem Server verbinden</translation>
    </message>
    <message>
        <source>Fresh key pair</source>
        <translation>Neues Schlüsselpaar</translation>
    </message>
    <message>
        <source>Key pair file</source>
        <translation>Schlüsselpaar-Datei</translation>
    </message>
    <message>
        <source>box-kp.json</source>
        <translation>box-kp.json</translation>
    </message>
    <message>
        <source>NAME-cert.json: only for servers that require one</source>
        <translation>NAME-cert.json: nur für Server, die eines verlangen</translation>
    </message>
    <message>
        <source>NAME-ca-cert.json: the CA that signed the server&apos;s certificate</source>
        <translation>NAME-ca-cert.json: die CA, die das Zertifikat des Servers signiert hat</translation>
    </message>
    <message>
        <source>The server certificate must name this host or IP</source>
        <translation>Das Server-Zertifikat muss diesen Host oder diese IP nennen</translation>
    </message>
    <message>
        <source>1 — public keys only</source>
        <translation>1 — nur öffentliche Schlüssel</translation>
    </message>
    <message>
        <source>2 — keys and nacl-cert certificates</source>
        <translation>2 — Schlüssel und nacl-cert-Zertifikate</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <source>Own certificate</source>
        <translation>Eigenes Zertifikat</translation>
    </message>
    <message>
        <source>Trusted CA</source>
        <translation>Vertrauenswürdige CA</translation>
    </message>
    <message>
        <source>A fresh key pair is made for every connection unless you pick a box-kp.json.</source>
        <translation>Für jede Verbindung wird ein neues Schlüsselpaar erzeugt, sofern Sie keine box-kp.json wählen.</translation>
    </message>
    <message>
        <source>Enter a WebSocket URL such as ws://127.0.0.1:8080/.</source>
        <translation>Geben Sie eine WebSocket-URL ein, z. B. ws://127.0.0.1:8080/.</translation>
    </message>
    <message>
        <source>The certificate was not made for this key pair.</source>
        <translation>Das Zertifikat wurde nicht für dieses Schlüsselpaar erstellt.</translation>
    </message>
    <message>
        <source>Identity of the profile</source>
        <translation>Identität des Profils</translation>
    </message>
    <message>
        <source>%1 (certificate)</source>
        <translation>%1 (Zertifikat)</translation>
    </message>
    <message>
        <source>Version 2 checks the server&apos;s certificate: choose the CA that signed it (or add it to the trust store).</source>
        <translation>Version 2 prüft das Zertifikat des Servers: Wählen Sie die CA, die es signiert hat (oder fügen Sie sie dem Vertrauensspeicher hinzu).</translation>
    </message>
</context>
<context>
    <name>sws::ui::ConnectionDelegate</name>
    <message>
        <source>ROOM</source>
        <translation>RAUM</translation>
    </message>
    <message>
        <source>JOINED</source>
        <translation>BEIGETRETEN</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
</context>
<context>
    <name>sws::ui::ConnectionListModel</name>
    <message>
        <source>hosting · %1</source>
        <translation>hostet · %1</translation>
    </message>
    <message>
        <source>member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>members</source>
        <translation>Mitglieder</translation>
    </message>
</context>
<context>
    <name>sws::ui::ConnectionView</name>
    <message>
        <source>Session:</source>
        <translation>Sitzung:</translation>
    </message>
    <message>
        <source>no member yet</source>
        <translation>noch kein Mitglied</translation>
    </message>
    <message>
        <source>The member session the Peer and Handshake tabs show</source>
        <translation>Die Mitgliedssitzung, die die Tabs „Gegenstelle“ und „Handshake“ zeigen</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>Datenverkehr</translation>
    </message>
    <message>
        <source>Member:</source>
        <translation>Mitglied:</translation>
    </message>
</context>
<context>
    <name>sws::ui::ContactListModel</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Hosted room %1</source>
        <translation>Gehosteter Raum %1</translation>
    </message>
    <message>
        <source>%1+</source>
        <translation>%1+</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n unread</source>
        <translation>
            <numerusform>%1, %n ungelesen</numerusform>
            <numerusform>%1, %n ungelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>Room %1
Last message: %2</source>
        <translation>Raum %1
Letzte Nachricht: %2</translation>
    </message>
    <message>
        <source>%1
Fingerprint: %2%3
First seen: %4
Last seen: %5
Seen at: %6</source>
        <translation>%1
Fingerabdruck: %2%3
Zuerst gesehen: %4
Zuletzt gesehen: %5
Gesehen unter: %6</translation>
    </message>
    <message>
        <source> (verified)</source>
        <translation> (verifiziert)</translation>
    </message>
</context>
<context>
    <name>sws::ui::ContactListView</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Search contacts</source>
        <translation>Kontakte durchsuchen</translation>
    </message>
    <message>
        <source>Search by name, fingerprint or endpoint</source>
        <translation>Nach Name, Fingerabdruck oder Endpunkt suchen</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Rename contact</source>
        <translation>Kontakt umbenennen</translation>
    </message>
    <message>
        <source>Give the selected contact a name (F2 in the list)</source>
        <translation>Dem ausgewählten Kontakt einen Namen geben (F2 in der Liste)</translation>
    </message>
    <message>
        <source>People you talk to appear here, by their key.</source>
        <translation>Personen, mit denen Sie kommunizieren, erscheinen hier – erkannt an ihrem Schlüssel.</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Fingerabdruck</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verifiziert</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>nicht verifiziert</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Zuerst gesehen</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Seen at</source>
        <translation>Gesehen unter</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Raum</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>%1 (%2 unread)</source>
        <translation>%1 (%2 ungelesen)</translation>
    </message>
</context>
<context>
    <name>sws::ui::CreateCaDialog</name>
    <message>
        <source>Create a certificate authority</source>
        <translation>Zertifizierungsstelle erstellen</translation>
    </message>
    <message>
        <source>Trust this CA for connections (version 2)</source>
        <translation>Dieser CA für Verbindungen vertrauen (Version 2)</translation>
    </message>
    <message>
        <source>e.g. home.lan</source>
        <translation>z. B. home.lan</translation>
    </message>
    <message>
        <source>Carried in every certificate the CA signs. %1</source>
        <translation>Steht in jedem Zertifikat, das die CA signiert. %1</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation>Gültig für:</translation>
    </message>
    <message>
        <source>Passphrase for the CA key:</source>
        <translation>Passphrase für den CA-Schlüssel:</translation>
    </message>
    <message>
        <source>Give the CA a name.</source>
        <translation>Geben Sie der CA einen Namen.</translation>
    </message>
    <message>
        <source>The name may hold %1.</source>
        <translation>Der Name darf %1 enthalten.</translation>
    </message>
    <message>
        <source>A CA named %1 exists already.</source>
        <translation>Eine CA namens %1 existiert bereits.</translation>
    </message>
    <message>
        <source>The CA will be valid %1; its secret key %2.</source>
        <translation>Die CA ist %1 gültig; ihr geheimer Schlüssel wird %2.</translation>
    </message>
    <message>
        <source>encrypted with the passphrase</source>
        <translation>mit der Passphrase verschlüsselt</translation>
    </message>
    <message>
        <source>stored without a passphrase</source>
        <translation>ohne Passphrase gespeichert</translation>
    </message>
    <message>
        <source>The CA was created, but could not be trusted: %1</source>
        <translation>Die CA wurde erstellt, ihr konnte aber nicht vertraut werden: %1</translation>
    </message>
</context>
<context>
    <name>sws::ui::DialogBase</name>
    <message>
        <source>Ready.</source>
        <translation>Bereit.</translation>
    </message>
</context>
<context>
    <name>sws::ui::ExportDialog</name>
    <message>
        <source>Export keys</source>
        <translation>Schlüssel exportieren</translation>
    </message>
    <message>
        <source>where to write</source>
        <translation>Speicherort</translation>
    </message>
    <message>
        <source>Identity: key pair (box-kp.json, not protected)</source>
        <translation>Identität: Schlüsselpaar (box-kp.json, nicht geschützt)</translation>
    </message>
    <message>
        <source>Identity: public key only</source>
        <translation>Identität: nur öffentlicher Schlüssel</translation>
    </message>
    <message>
        <source>CA: certificate (NAME-ca-cert.json)</source>
        <translation>CA: Zertifikat (NAME-ca-cert.json)</translation>
    </message>
    <message>
        <source>CA: certificate and secret key (NAME-ca-key.json, not protected)</source>
        <translation>CA: Zertifikat und geheimer Schlüssel (NAME-ca-key.json, nicht geschützt)</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>Exportieren:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <source>To file:</source>
        <translation>In Datei:</translation>
    </message>
    <message>
        <source>%1 (protected)</source>
        <translation>%1 (geschützt)</translation>
    </message>
    <message>
        <source>Nothing of that kind in the profile.</source>
        <translation>Nichts dieser Art im Profil.</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>Wählen Sie die zu schreibende Datei.</translation>
    </message>
    <message>
        <source>%1 exists already: choose a new file.</source>
        <translation>%1 existiert bereits: Wählen Sie eine neue Datei.</translation>
    </message>
    <message>
        <source>The folder of %1 does not exist.</source>
        <translation>Der Ordner von %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The file will hold the secret key without protection (mode 0600). Keep it safe.</source>
        <translation>Die Datei wird den geheimen Schlüssel ungeschützt enthalten (Modus 0600). Bewahren Sie sie sicher auf.</translation>
    </message>
    <message>
        <source>The file holds no secret.</source>
        <translation>Die Datei enthält kein Geheimnis.</translation>
    </message>
</context>
<context>
    <name>sws::ui::HandshakeModel</name>
    <message>
        <source>certificate valid</source>
        <translation>Zertifikat gültig</translation>
    </message>
    <message>
        <source>certificate refused: %1</source>
        <translation>Zertifikat abgelehnt: %1</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>implied</source>
        <translation>impliziert</translation>
    </message>
    <message>
        <source>+%1 ms</source>
        <translation>+%1 ms</translation>
    </message>
    <message>
        <source>%1 (close %2): %3</source>
        <translation>%1 (Close %2): %3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>ClientHello</source>
        <translation>ClientHello</translation>
    </message>
    <message>
        <source>ServerHello</source>
        <translation>ServerHello</translation>
    </message>
    <message>
        <source>Client verifies · ClientReady</source>
        <translation>Client prüft · ClientReady</translation>
    </message>
    <message>
        <source>Server verifies</source>
        <translation>Server prüft</translation>
    </message>
    <message>
        <source>Secured</source>
        <translation>Gesichert</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>not reached</source>
        <translation>nicht erreicht</translation>
    </message>
    <message>
        <source>we connect to the server</source>
        <translation>wir verbinden uns mit dem Server</translation>
    </message>
    <message>
        <source>a client connects to us</source>
        <translation>ein Client verbindet sich mit uns</translation>
    </message>
    <message>
        <source>we send</source>
        <translation>wir senden</translation>
    </message>
    <message>
        <source>we receive</source>
        <translation>wir empfangen</translation>
    </message>
    <message>
        <source>we verify and send</source>
        <translation>wir prüfen und senden</translation>
    </message>
    <message>
        <source>the client verifies; we receive</source>
        <translation>der Client prüft; wir empfangen</translation>
    </message>
    <message>
        <source>the server verifies</source>
        <translation>der Server prüft</translation>
    </message>
    <message>
        <source>we verify</source>
        <translation>wir prüfen</translation>
    </message>
    <message>
        <source>both sides</source>
        <translation>beide Seiten</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>received</source>
        <translation>empfangen</translation>
    </message>
    <message>
        <source>%1: client key %2, nonce %3</source>
        <translation>%1: Client-Schlüssel %2, Nonce %3</translation>
    </message>
    <message>
        <source>%1: server key %2, %3-byte sealed box</source>
        <translation>%1: Server-Schlüssel %2, versiegelte Box mit %3 Bytes</translation>
    </message>
    <message>
        <source>%1-byte sealed box</source>
        <translation>versiegelte Box mit %1 Bytes</translation>
    </message>
    <message>
        <source>ClientReady received, </source>
        <translation>ClientReady empfangen, </translation>
    </message>
    <message>
        <source>box opened; </source>
        <translation>Box geöffnet; </translation>
    </message>
    <message>
        <source>box opened: nonce and share key</source>
        <translation>Box geöffnet: Nonce und gemeinsamer Schlüssel</translation>
    </message>
    <message>
        <source>; ClientReady sent, %1-byte sealed box</source>
        <translation>; ClientReady gesendet, versiegelte Box mit %1 Bytes</translation>
    </message>
    <message>
        <source>the server checks ClientReady without a reply; a refusal would close the socket</source>
        <translation>der Server prüft ClientReady ohne Antwort; eine Ablehnung würde den Socket schließen</translation>
    </message>
    <message>
        <source>version %1 session: every message in its own secretbox frame</source>
        <translation>Sitzung mit Version %1: jede Nachricht in einem eigenen Secretbox-Frame</translation>
    </message>
    <message>
        <source>closed by the server before any data</source>
        <translation>vom Server vor jeglichen Daten geschlossen</translation>
    </message>
</context>
<context>
    <name>sws::ui::HandshakeView</name>
    <message>
        <source>Reveal share keys</source>
        <translation>Gemeinsame Schlüssel anzeigen</translation>
    </message>
    <message>
        <source>Handshake steps</source>
        <translation>Handshake-Schritte</translation>
    </message>
    <message>
        <source>Share keys are session secrets: they decrypt this session&apos;s frames. They are never exported.</source>
        <translation>Gemeinsame Schlüssel sind Sitzungsgeheimnisse: Sie entschlüsseln die Frames dieser Sitzung. Sie werden nie exportiert.</translation>
    </message>
    <message>
        <source>Seen from the %1 side · SWS version %2</source>
        <translation>Aus Sicht der %1-Seite · SWS-Version %2</translation>
    </message>
    <message>
        <source>client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>server</source>
        <translation>Server</translation>
    </message>
</context>
<context>
    <name>sws::ui::HistoryConnection</name>
    <message>
        <source>Read-only history of %1</source>
        <translation>Schreibgeschützter Verlauf von %1</translation>
    </message>
</context>
<context>
    <name>sws::ui::HistoryExportDialog</name>
    <message>
        <source>Export conversation</source>
        <translation>Unterhaltung exportieren</translation>
    </message>
    <message>
        <source>where to write</source>
        <translation>Speicherort</translation>
    </message>
    <message>
        <source>The history cannot be read: %1</source>
        <translation>Der Verlauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Text, one message a line</source>
        <translation>Text, eine Nachricht pro Zeile</translation>
    </message>
    <message>
        <source>Conversation:</source>
        <translation>Unterhaltung:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>To file:</source>
        <translation>In Datei:</translation>
    </message>
    <message>
        <source>The file holds the messages in plain text, not encrypted: it is written readable by you only (mode 0600). Keep it safe.</source>
        <translation>Die Datei enthält die Nachrichten im Klartext, nicht verschlüsselt: Sie wird nur für Sie lesbar geschrieben (Modus 0600). Bewahren Sie sie sicher auf.</translation>
    </message>
    <message>
        <source>contact %1</source>
        <translation>Kontakt %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>The history holds no conversation.</source>
        <translation>Der Verlauf enthält keine Unterhaltung.</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>Wählen Sie die zu schreibende Datei.</translation>
    </message>
    <message>
        <source>That is a folder: choose a file name.</source>
        <translation>Das ist ein Ordner: Wählen Sie einen Dateinamen.</translation>
    </message>
    <message>
        <source>Ready to write %1.</source>
        <translation>Bereit, %1 zu schreiben.</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>sws::ui::HistoryOpener</name>
    <message>
        <source>the history key in the OS keychain has a wrong size</source>
        <translation>der Verlaufsschlüssel im Schlüsselbund des Systems hat eine falsche Größe</translation>
    </message>
    <message>
        <source>the history passphrase was not given</source>
        <translation>die Verlaufs-Passphrase wurde nicht angegeben</translation>
    </message>
    <message>
        <source>Keep conversations?</source>
        <translation>Unterhaltungen aufbewahren?</translation>
    </message>
    <message>
        <source>No OS keychain can keep the key that encrypts your conversations on this computer (%1).

Set a history passphrase to keep them, encrypted with it; the app asks for it at each start. Or go on without keeping conversations this time.</source>
        <translation>Kein Schlüsselbund des Systems kann den Schlüssel aufbewahren, der Ihre Unterhaltungen auf diesem Computer verschlüsselt (%1).

Legen Sie eine Verlaufs-Passphrase fest, um sie damit verschlüsselt aufzubewahren; die App fragt bei jedem Start danach. Oder fahren Sie diesmal fort, ohne Unterhaltungen aufzubewahren.</translation>
    </message>
    <message>
        <source>&amp;Set a passphrase…</source>
        <translation>Passphrase &amp;festlegen…</translation>
    </message>
    <message>
        <source>&amp;Not this time</source>
        <translation>&amp;Diesmal nicht</translation>
    </message>
    <message>
        <source>no OS keychain answers and no history passphrase is set</source>
        <translation>kein Schlüsselbund des Systems antwortet und keine Verlaufs-Passphrase ist festgelegt</translation>
    </message>
    <message>
        <source>no history passphrase was set</source>
        <translation>es wurde keine Verlaufs-Passphrase festgelegt</translation>
    </message>
</context>
<context>
    <name>sws::ui::HistorySearchDialog</name>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>Search for</source>
        <translation>Suchen nach</translation>
    </message>
    <message>
        <source>Text to find in every conversation (Enter searches)</source>
        <translation>Text, der in allen Unterhaltungen gesucht wird (Eingabetaste sucht)</translation>
    </message>
    <message>
        <source>Matching messages</source>
        <translation>Passende Nachrichten</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Absender</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Type the text to find.</source>
        <translation>Geben Sie den zu suchenden Text ein.</translation>
    </message>
    <message>
        <source>The history cannot be searched: %1</source>
        <translation>Der Verlauf kann nicht durchsucht werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n Nachricht gefunden.</numerusform>
            <numerusform>%n Nachrichten gefunden.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sws::ui::HostDialog</name>
    <message>
        <source>Host a room</source>
        <translation>Raum hosten</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Raum</translation>
    </message>
    <message>
        <source>Make a throwaway CA and certificates in memory</source>
        <translation>Wegwerf-CA und Zertifikate im Arbeitsspeicher erstellen</translation>
    </message>
    <message>
        <source>NAME-cert.json: the room&apos;s certificate</source>
        <translation>NAME-cert.json: das Zertifikat des Raums</translation>
    </message>
    <message>
        <source>box-kp.json: the room&apos;s key pair (empty: a fresh one)</source>
        <translation>box-kp.json: das Schlüsselpaar des Raums (leer: ein neues)</translation>
    </message>
    <message>
        <source>NAME-ca-cert.json: the CA that signs client certificates</source>
        <translation>NAME-ca-cert.json: die CA, die Client-Zertifikate signiert</translation>
    </message>
    <message>
        <source>Require a client certificate</source>
        <translation>Client-Zertifikat verlangen</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>beliebiger freier Port</translation>
    </message>
    <message>
        <source>any path (e.g. /chat)</source>
        <translation>beliebiger Pfad (z. B. /chat)</translation>
    </message>
    <message>
        <source>1 — public keys only</source>
        <translation>1 — nur öffentliche Schlüssel</translation>
    </message>
    <message>
        <source>2 — keys and nacl-cert certificates</source>
        <translation>2 — Schlüssel und nacl-cert-Zertifikate</translation>
    </message>
    <message>
        <source>Chat — every message goes to every other member</source>
        <translation>Chat — jede Nachricht geht an alle anderen Mitglieder</translation>
    </message>
    <message>
        <source>Echo — every message goes back to its sender</source>
        <translation>Echo — jede Nachricht geht an ihren Absender zurück</translation>
    </message>
    <message>
        <source>None — messages are only shown here</source>
        <translation>Keine — Nachrichten werden nur hier angezeigt</translation>
    </message>
    <message>
        <source>Room name</source>
        <translation>Raumname</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>Weiterleitung</translation>
    </message>
    <message>
        <source>Version 1 needs nothing else; version 2 needs the room&apos;s certificate and key pair, or a throwaway CA.</source>
        <translation>Version 1 braucht nichts weiter; Version 2 braucht das Zertifikat und Schlüsselpaar des Raums oder eine Wegwerf-CA.</translation>
    </message>
    <message>
        <source>this machine only</source>
        <translation>nur dieser Computer</translation>
    </message>
    <message>
        <source>the network on %1</source>
        <translation>das Netzwerk über %1</translation>
    </message>
    <message>
        <source>every IPv4 interface (invitations name the first LAN address)</source>
        <translation>alle IPv4-Schnittstellen (Einladungen nennen die erste LAN-Adresse)</translation>
    </message>
    <message>
        <source>not an IP address</source>
        <translation>keine IP-Adresse</translation>
    </message>
    <message>
        <source>an address of your choosing</source>
        <translation>eine Adresse Ihrer Wahl</translation>
    </message>
    <message>
        <source>Reachable from: %1. Invitations to the room name this address.</source>
        <translation>Erreichbar von: %1. Einladungen in den Raum nennen diese Adresse.</translation>
    </message>
    <message>
        <source>The address is not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::1).</source>
        <translation>Die Adresse ist keine IP-Adresse (z. B. 127.0.0.1, 0.0.0.0 oder ::1).</translation>
    </message>
    <message>
        <source>The path must start with &apos;/&apos;.</source>
        <translation>Der Pfad muss mit &apos;/&apos; beginnen.</translation>
    </message>
    <message>
        <source>The certificate was not made for this key pair.</source>
        <translation>Das Zertifikat wurde nicht für dieses Schlüsselpaar erstellt.</translation>
    </message>
    <message>
        <source>Requiring client certificates needs the CA that signs them.</source>
        <translation>Um Client-Zertifikate zu verlangen, wird die CA benötigt, die sie signiert.</translation>
    </message>
    <message>
        <source>Open this room when the app starts</source>
        <translation>Diesen Raum beim Start der App öffnen</translation>
    </message>
    <message>
        <source>CA file below (or none)</source>
        <translation>CA-Datei unten (oder keine)</translation>
    </message>
    <message>
        <source>%1 (profile)</source>
        <translation>%1 (Profil)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Key pair file</source>
        <translation>Schlüsselpaar-Datei</translation>
    </message>
    <message>
        <source>Client CA</source>
        <translation>Client-CA</translation>
    </message>
    <message>
        <source>%1 (%2%3%4)</source>
        <translation>%1 (%2%3%4)</translation>
    </message>
    <message>
        <source>, passphrase</source>
        <translation>, Passphrase</translation>
    </message>
    <message>
        <source>, certificate</source>
        <translation>, Zertifikat</translation>
    </message>
    <message>
        <source>New identity, saved in the profile</source>
        <translation>Neue Identität, im Profil gespeichert</translation>
    </message>
    <message>
        <source>New identity…</source>
        <translation>Neue Identität…</translation>
    </message>
    <message>
        <source>Fresh key pair for this run (not remembered)</source>
        <translation>Neues Schlüsselpaar für diesen Lauf (wird nicht gespeichert)</translation>
    </message>
    <message>
        <source>Version 2 needs the key pair (box-kp.json) the certificate was made for, or an identity of the profile with a certificate.</source>
        <translation>Version 2 braucht das Schlüsselpaar (box-kp.json), für das das Zertifikat erstellt wurde, oder eine Identität des Profils mit Zertifikat.</translation>
    </message>
    <message>
        <source>Version 2 needs the room&apos;s certificate (NAME-cert.json), or an identity with one.</source>
        <translation>Version 2 braucht das Zertifikat des Raums (NAME-cert.json) oder eine Identität mit Zertifikat.</translation>
    </message>
</context>
<context>
    <name>sws::ui::HostedRoom</name>
    <message>
        <source>Room</source>
        <translation>Raum</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 hat den Raum verlassen</translation>
    </message>
    <message>
        <source>%1 joined again (%2); its earlier session is closed</source>
        <translation>%1 ist erneut beigetreten (%2); die frühere Sitzung ist geschlossen</translation>
    </message>
    <message>
        <source>%1 joined (%2)</source>
        <translation>%1 ist beigetreten (%2)</translation>
    </message>
    <message>
        <source>you (host)</source>
        <translation>Sie (Host)</translation>
    </message>
    <message>
        <source>member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>no member to send to</source>
        <translation>kein Mitglied, an das gesendet werden kann</translation>
    </message>
    <message>
        <source>sending to %1</source>
        <translation>wird an %1 gesendet</translation>
    </message>
    <message>
        <source>delivered to %1</source>
        <translation>an %1 zugestellt</translation>
    </message>
    <message>
        <source>delivered to all %1</source>
        <translation>an alle %1 zugestellt</translation>
    </message>
    <message>
        <source>not delivered to %1</source>
        <translation>nicht an %1 zugestellt</translation>
    </message>
    <message>
        <source>delivered to %1 of %2</source>
        <translation>zugestellt: %1 von %2</translation>
    </message>
    <message>
        <source>awaiting acknowledgement from %1</source>
        <translation>wartet auf Bestätigung von %1</translation>
    </message>
    <message>
        <source>sent to %1; plain peers cannot confirm delivery</source>
        <translation>an %1 gesendet; einfache Gegenstellen können die Zustellung nicht bestätigen</translation>
    </message>
    <message>
        <source>sent to %1 that cannot confirm delivery (plain peers)</source>
        <translation>an %1 gesendet, die die Zustellung nicht bestätigen können (einfache Gegenstellen)</translation>
    </message>
    <message>
        <source>failed for %1</source>
        <translation>fehlgeschlagen für %1</translation>
    </message>
    <message>
        <source>%1 (joined)</source>
        <translation>%1 (beigetreten)</translation>
    </message>
    <message>
        <source>no relay</source>
        <translation>keine Weiterleitung</translation>
    </message>
    <message>
        <source>echo</source>
        <translation>Echo</translation>
    </message>
    <message>
        <source>chat relay</source>
        <translation>Chat-Weiterleitung</translation>
    </message>
    <message>
        <source>Cannot host: %1</source>
        <translation>Hosten nicht möglich: %1</translation>
    </message>
    <message>
        <source>Room closed</source>
        <translation>Raum geschlossen</translation>
    </message>
    <message>
        <source>Hosting %1 · version %2 · %3 · %4</source>
        <translation>Hostet %1 · Version %2 · %3 · %4</translation>
    </message>
    <message>
        <source> · %1 in progress</source>
        <translation> · %1 laufend</translation>
    </message>
    <message>
        <source>handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <source>handshakes</source>
        <translation>Handshakes</translation>
    </message>
    <message>
        <source>room closed</source>
        <translation>Raum geschlossen</translation>
    </message>
</context>
<context>
    <name>sws::ui::ImportDialog</name>
    <message>
        <source>Import keys</source>
        <translation>Schlüssel importieren</translation>
    </message>
    <message>
        <source>Identity (box-kp.json)</source>
        <translation>Identität (box-kp.json)</translation>
    </message>
    <message>
        <source>CA (NAME-ca-cert.json)</source>
        <translation>CA (NAME-ca-cert.json)</translation>
    </message>
    <message>
        <source>box-kp.json</source>
        <translation>box-kp.json</translation>
    </message>
    <message>
        <source>optional: NAME-ca-key.json</source>
        <translation>optional: NAME-ca-key.json</translation>
    </message>
    <message>
        <source>Trust this CA for connections (version 2)</source>
        <translation>Dieser CA für Verbindungen vertrauen (Version 2)</translation>
    </message>
    <message>
        <source>Import:</source>
        <translation>Importieren:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>CA key:</source>
        <translation>CA-Schlüssel:</translation>
    </message>
    <message>
        <source>Name in the profile:</source>
        <translation>Name im Profil:</translation>
    </message>
    <message>
        <source>Passphrase (optional):</source>
        <translation>Passphrase (optional):</translation>
    </message>
    <message>
        <source>NAME-ca-cert.json</source>
        <translation>NAME-ca-cert.json</translation>
    </message>
    <message>
        <source>Choose the CA certificate file.</source>
        <translation>Wählen Sie die CA-Zertifikatsdatei.</translation>
    </message>
    <message>
        <source>Choose the box-kp.json file.</source>
        <translation>Wählen Sie die box-kp.json-Datei.</translation>
    </message>
    <message>
        <source>Not a valid CA certificate: %1</source>
        <translation>Kein gültiges CA-Zertifikat: %1</translation>
    </message>
    <message>
        <source>not self-signed</source>
        <translation>nicht selbstsigniert</translation>
    </message>
    <message>
        <source>The CA key belongs to another CA certificate.</source>
        <translation>Der CA-Schlüssel gehört zu einem anderen CA-Zertifikat.</translation>
    </message>
    <message>
        <source>Give it a name in the profile.</source>
        <translation>Geben Sie ihm einen Namen im Profil.</translation>
    </message>
    <message>
        <source>The name may hold %1.</source>
        <translation>Der Name darf %1 enthalten.</translation>
    </message>
    <message>
        <source>%1 exists already in the profile.</source>
        <translation>%1 existiert bereits im Profil.</translation>
    </message>
    <message>
        <source>A passphrase protects a secret key: choose the CA key file, or leave the passphrase empty.</source>
        <translation>Eine Passphrase schützt einen geheimen Schlüssel: Wählen Sie die CA-Schlüsseldatei oder lassen Sie die Passphrase leer.</translation>
    </message>
    <message>
        <source>The CA was imported, but could not be trusted: %1</source>
        <translation>Die CA wurde importiert, ihr konnte aber nicht vertraut werden: %1</translation>
    </message>
</context>
<context>
    <name>sws::ui::InterceptModel</name>
    <message>
        <source>client → server</source>
        <translation>Client → Server</translation>
    </message>
    <message>
        <source>server → client</source>
        <translation>Server → Client</translation>
    </message>
    <message>
        <source>edited, forwarded</source>
        <translation>bearbeitet, weitergeleitet</translation>
    </message>
    <message>
        <source>forwarded</source>
        <translation>weitergeleitet</translation>
    </message>
    <message>
        <source>held</source>
        <translation>zurückgehalten</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>injected</source>
        <translation>eingeschleust</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
</context>
<context>
    <name>sws::ui::InterceptWindow</name>
    <message>
        <source>Intercept — SWS Desktop</source>
        <translation>Abfangen — SWS Desktop</translation>
    </message>
    <message>
        <source>empty: version 1; a CA-CERT.json file: version 2</source>
        <translation>leer: Version 1; eine CA-CERT.json-Datei: Version 2</translation>
    </message>
    <message>
        <source>Version 2: the upstream&apos;s certificate must be signed by this CA; clients must trust the profile&apos;s inspection CA</source>
        <translation>Version 2: Das Zertifikat des Upstream-Servers muss von dieser CA signiert sein; Clients müssen der Prüf-CA des Profils vertrauen</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>The client connects to the proxy instead of the server; the proxy sees every message in plaintext.</source>
        <translation>Der Client verbindet sich mit dem Proxy statt mit dem Server; der Proxy sieht jede Nachricht im Klartext.</translation>
    </message>
    <message>
        <source>&amp;Pause: hold every message until forwarded or dropped</source>
        <translation>&amp;Anhalten: jede Nachricht zurückhalten, bis sie weitergeleitet oder verworfen wird</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>The selected message; edit it before forwarding, or write a message to inject</source>
        <translation>Die ausgewählte Nachricht; bearbeiten Sie sie vor dem Weiterleiten, oder schreiben Sie eine Nachricht zum Einschleusen</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Nachrichtentext</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Weiterleiten</translation>
    </message>
    <message>
        <source>&amp;Drop</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Replay</source>
        <translation>&amp;Erneut senden</translation>
    </message>
    <message>
        <source>Inject → &amp;server</source>
        <translation>Einschleusen → Se&amp;rver</translation>
    </message>
    <message>
        <source>Inject → &amp;client</source>
        <translation>Einschleusen → &amp;Client</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Save every session&apos;s handshakes, messages and closes as JSON</source>
        <translation>Handshakes, Nachrichten und Schließvorgänge jeder Sitzung als JSON speichern</translation>
    </message>
    <message>
        <source>Client-side handshake</source>
        <translation>Client-seitiger Handshake</translation>
    </message>
    <message>
        <source>Upstream-side handshake</source>
        <translation>Upstream-seitiger Handshake</translation>
    </message>
    <message>
        <source>Handshake with the cl&amp;ient:</source>
        <translation>Handshake mit dem Cl&amp;ient:</translation>
    </message>
    <message>
        <source>Handshake with the ups&amp;tream server:</source>
        <translation>Handshake mit dem Upstrea&amp;m-Server:</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>Lauschen au&amp;f:</translation>
    </message>
    <message>
        <source>&amp;Upstream server:</source>
        <translation>&amp;Upstream-Server:</translation>
    </message>
    <message>
        <source>Upstream &amp;CA:</source>
        <translation>U&amp;pstream-CA:</translation>
    </message>
    <message>
        <source>Listen on HOST:PORT, for example 127.0.0.1:9000.</source>
        <translation>Auf HOST:PORT lauschen, zum Beispiel 127.0.0.1:9000.</translation>
    </message>
    <message>
        <source>The upstream server is a ws://HOST:PORT/PATH URL.</source>
        <translation>Der Upstream-Server ist eine ws://HOST:PORT/PATH-URL.</translation>
    </message>
    <message>
        <source> Version 2: clients must trust the inspection CA %1.</source>
        <translation> Version 2: Clients müssen der Prüf-CA %1 vertrauen.</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>Lauschen auf %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>Session %1: the %2 closed (code %3) %4</source>
        <translation>Sitzung %1: Seite „%2“ hat geschlossen (Code %3) %4</translation>
    </message>
    <message>
        <source>Listening on %1 for %2. Point the client at the proxy&apos;s address.</source>
        <translation>Lausche auf %1 für %2. Richten Sie den Client auf die Adresse des Proxys.</translation>
    </message>
    <message>
        <source>Nothing to export: the proxy has not started.</source>
        <translation>Nichts zu exportieren: Der Proxy wurde nicht gestartet.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Transcript saved to %1.</source>
        <translation>Mitschnitt in %1 gespeichert.</translation>
    </message>
    <message>
        <source>Export transcript</source>
        <translation>Mitschnitt exportieren</translation>
    </message>
    <message>
        <source>JSON transcript (*.json)</source>
        <translation>JSON-Mitschnitt (*.json)</translation>
    </message>
    <message>
        <source>Session %1 is closed.</source>
        <translation>Sitzung %1 ist geschlossen.</translation>
    </message>
</context>
<context>
    <name>sws::ui::InviteDialog</name>
    <message>
        <source>&amp;Copy link</source>
        <translation>Link &amp;kopieren</translation>
    </message>
    <message>
        <source>Invite to the room</source>
        <translation>In den Raum einladen</translation>
    </message>
    <message>
        <source>Invite to “%1”</source>
        <translation>In „%1“ einladen</translation>
    </message>
    <message>
        <source>Invitation link</source>
        <translation>Einladungslink</translation>
    </message>
    <message>
        <source>Send this link to the person you invite (mail, chat, or let them scan the code). Their app opens it at the join step and accepts only this room&apos;s key, so nobody in between can pose as the room.</source>
        <translation>Senden Sie diesen Link an die Person, die Sie einladen (per E-Mail, Chat, oder lassen Sie sie den Code scannen). Ihre App öffnet ihn beim Beitrittsschritt und akzeptiert nur den Schlüssel dieses Raums, sodass sich niemand dazwischen als der Raum ausgeben kann.</translation>
    </message>
    <message>
        <source>Address &lt;code&gt;%1&lt;/code&gt; · version %2&lt;br&gt;Room key &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>Adresse &lt;code&gt;%1&lt;/code&gt; · Version %2&lt;br&gt;Raumschlüssel &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>This room listens on a loopback address: only this machine can join. To invite someone else, host the room on a LAN address.</source>
        <translation>Dieser Raum lauscht auf einer Loopback-Adresse: Nur dieser Computer kann beitreten. Um andere einzuladen, hosten Sie den Raum auf einer LAN-Adresse.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>sws::ui::IssueCertDialog</name>
    <message>
        <source>Issue a certificate</source>
        <translation>Zertifikat ausstellen</translation>
    </message>
    <message>
        <source>Identity:</source>
        <translation>Identität:</translation>
    </message>
    <message>
        <source>Public key file:</source>
        <translation>Datei mit öffentlichem Schlüssel:</translation>
    </message>
    <message>
        <source>box-kp.json or {&quot;publickey&quot;:[…]}</source>
        <translation>box-kp.json oder {&quot;publickey&quot;:[…]}</translation>
    </message>
    <message>
        <source>Replace the identity&apos;s current certificate</source>
        <translation>Aktuelles Zertifikat der Identität ersetzen</translation>
    </message>
    <message>
        <source>NAME-cert.json</source>
        <translation>NAME-cert.json</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <source>%1 (protected)</source>
        <translation>%1 (geschützt)</translation>
    </message>
    <message>
        <source>host names, comma-separated: chat.example.org, localhost</source>
        <translation>Hostnamen, durch Komma getrennt: chat.example.org, localhost</translation>
    </message>
    <message>
        <source>IP addresses, comma-separated: 127.0.0.1, ::1</source>
        <translation>IP-Adressen, durch Komma getrennt: 127.0.0.1, ::1</translation>
    </message>
    <message>
        <source>MAC addresses, comma-separated (optional)</source>
        <translation>MAC-Adressen, durch Komma getrennt (optional)</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Signing CA:</source>
        <translation>Signierende CA:</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>Speichern unter:</translation>
    </message>
    <message>
        <source>Names:</source>
        <translation>Namen:</translation>
    </message>
    <message>
        <source>IPs:</source>
        <translation>IPs:</translation>
    </message>
    <message>
        <source>MACs:</source>
        <translation>MACs:</translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation>Gültig für:</translation>
    </message>
    <message>
        <source>Give at least one host name or IP address the certificate is for.</source>
        <translation>Geben Sie mindestens einen Hostnamen oder eine IP-Adresse an, für die das Zertifikat gilt.</translation>
    </message>
    <message>
        <source>%1 is not a host name.</source>
        <translation>%1 ist kein Hostname.</translation>
    </message>
    <message>
        <source>%1 is not an IP address.</source>
        <translation>%1 ist keine IP-Adresse.</translation>
    </message>
    <message>
        <source>%1 is not a MAC address.</source>
        <translation>%1 ist keine MAC-Adresse.</translation>
    </message>
    <message>
        <source>No CA with a secret key in the profile: create one first.</source>
        <translation>Keine CA mit geheimem Schlüssel im Profil: Erstellen Sie zuerst eine.</translation>
    </message>
    <message>
        <source>CA %1 has expired.</source>
        <translation>CA %1 ist abgelaufen.</translation>
    </message>
    <message>
        <source>The profile has no identity yet.</source>
        <translation>Das Profil hat noch keine Identität.</translation>
    </message>
    <message>
        <source>Identity %1 has a certificate already (%2): tick Replace to replace it.</source>
        <translation>Identität %1 hat bereits ein Zertifikat (%2): Kreuzen Sie „Ersetzen“ an, um es zu ersetzen.</translation>
    </message>
    <message>
        <source>Choose the file with the public key.</source>
        <translation>Wählen Sie die Datei mit dem öffentlichen Schlüssel.</translation>
    </message>
    <message>
        <source>Choose where to save the certificate.</source>
        <translation>Wählen Sie, wo das Zertifikat gespeichert wird.</translation>
    </message>
    <message>
        <source>%1 exists already.</source>
        <translation>%1 existiert bereits.</translation>
    </message>
    <message>
        <source>The folder of %1 does not exist.</source>
        <translation>Der Ordner von %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The certificate may not outlive its CA (%1): at most %2 days.</source>
        <translation>Das Zertifikat darf nicht länger gelten als seine CA (%1): höchstens %2 Tage.</translation>
    </message>
    <message>
        <source>The certificate will be valid %1.</source>
        <translation>Das Zertifikat ist %1 gültig.</translation>
    </message>
    <message>
        <source>Warning: %1.</source>
        <translation>Warnung: %1.</translation>
    </message>
</context>
<context>
    <name>sws::ui::JoinInvitationDialog</name>
    <message>
        <source>Join by invitation</source>
        <translation>Per Einladung beitreten</translation>
    </message>
    <message>
        <source>sws-invite:1/…</source>
        <translation>sws-invite:1/…</translation>
    </message>
    <message>
        <source>Invitation link</source>
        <translation>Einladungslink</translation>
    </message>
    <message>
        <source>Paste the link you were sent.</source>
        <translation>Fügen Sie den Link ein, den Sie erhalten haben.</translation>
    </message>
    <message>
        <source>%1 at %2 (version %3). Only the room key %4 will be accepted.</source>
        <translation>%1 unter %2 (Version %3). Nur der Raumschlüssel %4 wird akzeptiert.</translation>
    </message>
    <message>
        <source>A room</source>
        <translation>Ein Raum</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
</context>
<context>
    <name>sws::ui::MainWindow</name>
    <message>
        <source>Join this room</source>
        <translation>Diesem Raum beitreten</translation>
    </message>
    <message>
        <source>SWS Desktop</source>
        <translation>SWS Desktop</translation>
    </message>
    <message>
        <source>CONNECTIONS</source>
        <translation>VERBINDUNGEN</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Host…</source>
        <translation>Hosten…</translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation>Verbinden…</translation>
    </message>
    <message>
        <source>&lt;h2&gt;No connection selected&lt;/h2&gt;&lt;p&gt;Host a room that others join, or connect to an SWS server.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Keine Verbindung ausgewählt&lt;/h2&gt;&lt;p&gt;Hosten Sie einen Raum, dem andere beitreten, oder verbinden Sie sich mit einem SWS-Server.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Host a room…</source>
        <translation>Raum hosten…</translation>
    </message>
    <message>
        <source>Connect to a server…</source>
        <translation>Mit einem Server verbinden…</translation>
    </message>
    <message>
        <source>Host a room or connect to a server to start.</source>
        <translation>Hosten Sie einen Raum oder verbinden Sie sich mit einem Server, um zu beginnen.</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;font-size:large&apos;&gt;Welcome to SWS Desktop.&lt;/b&gt;&lt;br&gt;A demo room is running on &lt;code&gt;%1&lt;/code&gt;. Join it from this app to see a secured session: its handshake step by step, the peer&apos;s key fingerprint, and every encrypted frame with its plaintext.</source>
        <translation>&lt;b style=&apos;font-size:large&apos;&gt;Willkommen bei SWS Desktop.&lt;/b&gt;&lt;br&gt;Auf &lt;code&gt;%1&lt;/code&gt; läuft ein Demo-Raum. Treten Sie ihm aus dieser App bei, um eine gesicherte Sitzung zu sehen: ihren Handshake Schritt für Schritt, den Schlüssel-Fingerabdruck der Gegenstelle und jeden verschlüsselten Frame mit seinem Klartext.</translation>
    </message>
    <message>
        <source>Cannot host the room: %1</source>
        <translation>Der Raum kann nicht gehostet werden: %1</translation>
    </message>
    <message>
        <source>Joined the demo room. Send a message, then look at the Handshake and Traffic tabs.</source>
        <translation>Dem Demo-Raum beigetreten. Senden Sie eine Nachricht und sehen Sie sich dann die Tabs „Handshake“ und „Datenverkehr“ an.</translation>
    </message>
    <message>
        <source>Welcome to the demo room! This message was sealed with your session&apos;s share key and opened by your app. Write something: the room relays it to every other member, and its host sees it.</source>
        <translation>Willkommen im Demo-Raum! Diese Nachricht wurde mit dem gemeinsamen Schlüssel Ihrer Sitzung versiegelt und von Ihrer App geöffnet. Schreiben Sie etwas: Der Raum leitet es an alle anderen Mitglieder weiter, und sein Host sieht es.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Host a room…</source>
        <translation>&amp;Raum hosten…</translation>
    </message>
    <message>
        <source>Ctrl+H</source>
        <translation>Ctrl+H</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>Join by &amp;invitation…</source>
        <translation>Per &amp;Einladung beitreten…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+J</source>
        <translation>Ctrl+Shift+J</translation>
    </message>
    <message>
        <source>&amp;Recent</source>
        <translation>&amp;Zuletzt verwendet</translation>
    </message>
    <message>
        <source>&amp;Export transcript…</source>
        <translation>Mitschnitt e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Open transcript…</source>
        <translation>Mitschnitt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Verbindung</translation>
    </message>
    <message>
        <source>&amp;Join this room</source>
        <translation>Diesem Raum &amp;beitreten</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>Join the selected room from this app with a fresh key</source>
        <translation>Dem ausgewählten Raum aus dieser App mit einem neuen Schlüssel beitreten</translation>
    </message>
    <message>
        <source>&amp;Invite…</source>
        <translation>&amp;Einladen…</translation>
    </message>
    <message>
        <source>A link (and QR code) that lets someone join the selected room</source>
        <translation>Ein Link (und QR-Code), mit dem jemand dem ausgewählten Raum beitreten kann</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>&amp;Remove from list</source>
        <translation>Aus der Liste entfe&amp;rnen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <source>&amp;Peer</source>
        <translation>&amp;Gegenstelle</translation>
    </message>
    <message>
        <source>&amp;Handshake</source>
        <translation>&amp;Handshake</translation>
    </message>
    <message>
        <source>&amp;Traffic</source>
        <translation>&amp;Datenverkehr</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About SWS Desktop</source>
        <translation>Ü&amp;ber SWS Desktop</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Werkzeugleiste</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(noch keine)</translation>
    </message>
    <message>
        <source>Export transcript</source>
        <translation>Mitschnitt exportieren</translation>
    </message>
    <message>
        <source>Open transcript</source>
        <translation>Mitschnitt öffnen</translation>
    </message>
    <message>
        <source>Transcript saved to %1 (no secret or share keys)</source>
        <translation>Mitschnitt in %1 gespeichert (ohne geheime oder gemeinsame Schlüssel)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>About SWS Desktop</source>
        <translation>Über SWS Desktop</translation>
    </message>
    <message>
        <source>&lt;h3&gt;SWS Desktop %1&lt;/h3&gt;&lt;p&gt;Secure chat over SecureWebSocket: a NaCl public-key handshake over a plain WebSocket, then every message in its own secretbox frame.&lt;/p&gt;&lt;p&gt;The inspector shows each handshake step and every frame; transcripts never contain secret or share keys.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SWS Desktop %1&lt;/h3&gt;&lt;p&gt;Sicherer Chat über SecureWebSocket: ein NaCl-Public-Key-Handshake über einen einfachen WebSocket, danach jede Nachricht in einem eigenen Secretbox-Frame.&lt;/p&gt;&lt;p&gt;Der Inspektor zeigt jeden Handshake-Schritt und jeden Frame; Mitschnitte enthalten nie geheime oder gemeinsame Schlüssel.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Join by invitation</source>
        <translation>Per Einladung beitreten</translation>
    </message>
    <message>
        <source>The room uses a CA (fingerprint %1) that is not among the enabled CAs of your trust store. Ask the inviter for its certificate and add it in Keys → Trust manager.</source>
        <translation>Der Raum verwendet eine CA (Fingerabdruck %1), die nicht zu den aktivierten CAs Ihres Vertrauensspeichers gehört. Bitten Sie die einladende Person um ihr Zertifikat und fügen Sie es unter Schlüssel → Vertrauen und angeheftete Schlüssel hinzu.</translation>
    </message>
    <message>
        <source>Joined by invitation: the room key %1 is pinned for %2 as verified.</source>
        <translation>Per Einladung beigetreten: Der Raumschlüssel %1 ist für %2 als verifiziert angeheftet.</translation>
    </message>
    <message>
        <source>Joined, but the room key could not be pinned: %1</source>
        <translation>Beigetreten, aber der Raumschlüssel konnte nicht angeheftet werden: %1</translation>
    </message>
    <message>
        <source>The server at %1 is not the room the invitation names, so the app refused it before sending anything. Nothing was pinned.

Key in the invitation:	%2
Key the server showed:	%3

Someone else may be answering at that address, or the room was hosted again with a new key: ask the inviter for a new link.</source>
        <translation>Der Server unter %1 ist nicht der Raum, den die Einladung nennt, daher hat die App ihn abgelehnt, bevor etwas gesendet wurde. Nichts wurde angeheftet.

Schlüssel in der Einladung:	%2
Schlüssel des Servers:	%3

Möglicherweise antwortet jemand anderes unter dieser Adresse, oder der Raum wurde mit einem neuen Schlüssel erneut gehostet: Bitten Sie die einladende Person um einen neuen Link.</translation>
    </message>
    <message>
        <source>Cannot reach %1, the address in the invitation. The room may be closed, or the address only works on the inviter&apos;s network: ask for a link with an address you can reach.</source>
        <translation>%1, die Adresse in der Einladung, ist nicht erreichbar. Der Raum ist vielleicht geschlossen, oder die Adresse funktioniert nur im Netzwerk der einladenden Person: Bitten Sie um einen Link mit einer Adresse, die Sie erreichen können.</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Demo room through the proxy</source>
        <translation>Demo-Raum über den Proxy</translation>
    </message>
    <message>
        <source>The demo room&apos;s key is not saved: %1</source>
        <translation>Der Schlüssel des Demo-Raums wird nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>In&amp;tercept…</source>
        <translation>&amp;Abfangen…</translation>
    </message>
    <message>
        <source>&amp;Open at start</source>
        <translation>Beim Start ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Host this room (join this server) again when the app starts</source>
        <translation>Diesen Raum beim Start der App erneut hosten (bzw. mit diesem Server erneut verbinden)</translation>
    </message>
    <message>
        <source>C&amp;ontacts</source>
        <translation>K&amp;ontakte</translation>
    </message>
    <message>
        <source>SWS transcripts (*.sws-transcript.json)</source>
        <translation>SWS-Mitschnitte (*.sws-transcript.json)</translation>
    </message>
    <message>
        <source>SWS transcripts (*.sws-transcript.json *.json);;All files (*)</source>
        <translation>SWS-Mitschnitte (*.sws-transcript.json *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Conversations are not kept this time: %1</source>
        <translation>Unterhaltungen werden diesmal nicht aufbewahrt: %1</translation>
    </message>
    <message>
        <source>Conversations are no longer kept: %1</source>
        <translation>Unterhaltungen werden nicht mehr aufbewahrt: %1</translation>
    </message>
    <message>
        <source>Older messages cannot be read: %1</source>
        <translation>Ältere Nachrichten können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>A contact is not kept: %1</source>
        <translation>Ein Kontakt wird nicht aufbewahrt: %1</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>Verbindung zu %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>No messages with %1 yet.</source>
        <translation>Noch keine Nachrichten mit %1.</translation>
    </message>
    <message>
        <source>No history this time.</source>
        <translation>Diesmal kein Verlauf.</translation>
    </message>
    <message>
        <source>The history cannot be read: %1</source>
        <translation>Der Verlauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>That conversation is no longer in the history.</source>
        <translation>Diese Unterhaltung ist nicht mehr im Verlauf.</translation>
    </message>
    <message>
        <source>Hi&amp;story</source>
        <translation>Ve&amp;rlauf</translation>
    </message>
    <message>
        <source>&amp;Search conversations…</source>
        <translation>Unterhaltungen &amp;durchsuchen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>&amp;Export conversation…</source>
        <translation>Unterhaltung e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>&amp;Delete conversation…</source>
        <translation>Unterhaltung &amp;löschen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>&amp;Clear history…</source>
        <translation>&amp;Verlauf leeren…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Del</source>
        <translation>Ctrl+Shift+Del</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>Conversation written to %1 (plain text, readable by you only)</source>
        <translation>Unterhaltung in %1 geschrieben (Klartext, nur für Sie lesbar)</translation>
    </message>
    <message>
        <source>That message is no longer in the history.</source>
        <translation>Diese Nachricht ist nicht mehr im Verlauf.</translation>
    </message>
    <message>
        <source>The selected connection keeps no history.</source>
        <translation>Die ausgewählte Verbindung bewahrt keinen Verlauf auf.</translation>
    </message>
    <message>
        <source>The conversation cannot be deleted: %1</source>
        <translation>Die Unterhaltung kann nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <source>Conversation deleted from the history</source>
        <translation>Unterhaltung aus dem Verlauf gelöscht</translation>
    </message>
    <message>
        <source>The history cannot be cleared: %1</source>
        <translation>Der Verlauf kann nicht geleert werden: %1</translation>
    </message>
    <message>
        <source>History cleared; new messages are kept from now on</source>
        <translation>Verlauf geleert; neue Nachrichten werden ab jetzt aufbewahrt</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>Unterhaltung löschen</translation>
    </message>
    <message>
        <source>The selected connection keeps no history to delete.</source>
        <translation>Die ausgewählte Verbindung hat keinen Verlauf, der gelöscht werden könnte.</translation>
    </message>
    <message>
        <source>Delete the history of “%1”? Its messages are removed from this computer for good and the chat is emptied.</source>
        <translation>Den Verlauf von „%1“ löschen? Seine Nachrichten werden endgültig von diesem Computer entfernt und der Chat wird geleert.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Verlauf leeren</translation>
    </message>
    <message>
        <source>Delete every conversation, message and contact of the history? This cannot be undone. Open chats are emptied; new messages are kept from then on.</source>
        <translation>Alle Unterhaltungen, Nachrichten und Kontakte des Verlaufs löschen? Dies kann nicht rückgängig gemacht werden. Offene Chats werden geleert; neue Nachrichten werden danach aufbewahrt.</translation>
    </message>
    <message>
        <source>&amp;Clear everything</source>
        <translation>&amp;Alles löschen</translation>
    </message>
    <message>
        <source>Show &amp;notifications</source>
        <translation>&amp;Benachrichtigungen anzeigen</translation>
    </message>
    <message>
        <source>A desktop notification for each message that arrives while this window is not active</source>
        <translation>Eine Desktop-Benachrichtigung für jede Nachricht, die eintrifft, während dieses Fenster nicht aktiv ist</translation>
    </message>
    <message>
        <source>Show message te&amp;xt in notifications</source>
        <translation>Nachrichten&amp;text in Benachrichtigungen anzeigen</translation>
    </message>
    <message>
        <source>Off: notifications say only &quot;New message&quot; and who it is from</source>
        <translation>Aus: Benachrichtigungen zeigen nur „Neue Nachricht“ und von wem sie ist</translation>
    </message>
    <message>
        <source>New message</source>
        <translation>Neue Nachricht</translation>
    </message>
    <message numerus="yes">
        <source>%n new messages</source>
        <translation>
            <numerusform>%n neue Nachricht</numerusform>
            <numerusform>%n neue Nachrichten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new messages; the last: %1</source>
        <translation>
            <numerusform>%n neue Nachricht; die letzte: %1</numerusform>
            <numerusform>%n neue Nachrichten; die letzte: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Notifications are not shown: no notification service answers.</source>
        <translation>Benachrichtigungen werden nicht angezeigt: Kein Benachrichtigungsdienst antwortet.</translation>
    </message>
    <message>
        <source>identity %1 has no certificate for version 2</source>
        <translation>Identität %1 hat kein Zertifikat für Version 2</translation>
    </message>
    <message>
        <source>cannot listen on %1:%2</source>
        <translation>Lauschen auf %1:%2 nicht möglich</translation>
    </message>
    <message>
        <source>room %1: %2</source>
        <translation>Raum %1: %2</translation>
    </message>
    <message>
        <source>Not reopened: %1</source>
        <translation>Nicht erneut geöffnet: %1</translation>
    </message>
    <message>
        <source>Quit SWS Desktop?</source>
        <translation>SWS Desktop beenden?</translation>
    </message>
    <message numerus="yes">
        <source>%n room(s) hosted here will close, and their members lose them until the app starts again.</source>
        <translation>
            <numerusform>%n hier gehosteter Raum wird geschlossen, und seine Mitglieder verlieren ihn, bis die App wieder startet.</numerusform>
            <numerusform>%n hier gehostete Räume werden geschlossen, und ihre Mitglieder verlieren sie, bis die App wieder startet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Do not ask again</source>
        <translation>Nicht mehr fragen</translation>
    </message>
</context>
<context>
    <name>sws::ui::NewIdentityDialog</name>
    <message>
        <source>New identity</source>
        <translation>Neue Identität</translation>
    </message>
    <message>
        <source>e.g. laptop</source>
        <translation>z. B. Laptop</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Passphrase (optional):</source>
        <translation>Passphrase (optional):</translation>
    </message>
    <message>
        <source>Give the identity a name.</source>
        <translation>Geben Sie der Identität einen Namen.</translation>
    </message>
    <message>
        <source>The name may hold %1.</source>
        <translation>Der Name darf %1 enthalten.</translation>
    </message>
    <message>
        <source>An identity named %1 exists already.</source>
        <translation>Eine Identität namens %1 existiert bereits.</translation>
    </message>
    <message>
        <source>A new key pair will be stored in %1, encrypted with the passphrase.</source>
        <translation>Ein neues Schlüsselpaar wird in %1 gespeichert, verschlüsselt mit der Passphrase.</translation>
    </message>
    <message>
        <source>A new key pair will be stored in %1 without a passphrase (readable by anyone who can read your files).</source>
        <translation>Ein neues Schlüsselpaar wird in %1 ohne Passphrase gespeichert (lesbar für alle, die Ihre Dateien lesen können).</translation>
    </message>
</context>
<context>
    <name>sws::ui::Notifier</name>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>sws::ui::PassphraseDialog</name>
    <message>
        <source>New passphrase</source>
        <translation>Neue Passphrase</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Choose a passphrase to protect %1.</source>
        <translation>Wählen Sie eine Passphrase, um %1 zu schützen.</translation>
    </message>
    <message>
        <source>%1 is protected by a passphrase.</source>
        <translation>%1 ist durch eine Passphrase geschützt.</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>Geben Sie die Passphrase ein.</translation>
    </message>
</context>
<context>
    <name>sws::ui::PathField</name>
    <message>
        <source>Choose a file</source>
        <translation>Datei wählen</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Speichern unter</translation>
    </message>
    <message>
        <source>Opens a file chooser for %1</source>
        <translation>Öffnet eine Dateiauswahl für %1</translation>
    </message>
</context>
<context>
    <name>sws::ui::PeerKeyDialog</name>
    <message>
        <source>Server key changed</source>
        <translation>Server-Schlüssel geändert</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The server at %1 presented a different key than the one pinned for it.&lt;/b&gt; The connection was refused and nothing was sent.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Der Server unter %1 hat einen anderen Schlüssel vorgelegt als den für ihn angehefteten.&lt;/b&gt; Die Verbindung wurde abgelehnt und nichts wurde gesendet.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Pinned key (you had verified it):</source>
        <translation>Angehefteter Schlüssel (von Ihnen verifiziert):</translation>
    </message>
    <message>
        <source>Pinned key:</source>
        <translation>Angehefteter Schlüssel:</translation>
    </message>
    <message>
        <source>Key presented now:</source>
        <translation>Jetzt vorgelegter Schlüssel:</translation>
    </message>
    <message>
        <source>&lt;p&gt;Either the server&apos;s key was replaced, or someone is intercepting the connection. Ask the owner of the server whether the key changed and compare the new fingerprint. Only then forget the old key and connect again; you will be asked about the new one.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Entweder wurde der Schlüssel des Servers ersetzt, oder jemand fängt die Verbindung ab. Fragen Sie den Betreiber des Servers, ob sich der Schlüssel geändert hat, und vergleichen Sie den neuen Fingerabdruck. Erst dann vergessen Sie den alten Schlüssel und verbinden Sie sich erneut; Sie werden dann nach dem neuen gefragt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Forget the old key</source>
        <translation>Alten Schlüssel vergessen</translation>
    </message>
    <message>
        <source>New server key</source>
        <translation>Neuer Server-Schlüssel</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;First connection to %1 with this key.&lt;/b&gt; Nothing has been sent yet.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Erste Verbindung zu %1 mit diesem Schlüssel.&lt;/b&gt; Es wurde noch nichts gesendet.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Key fingerprint:</source>
        <translation>Schlüssel-Fingerabdruck:</translation>
    </message>
    <message>
        <source>&lt;p&gt;Its certificate is valid (CA %1).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Sein Zertifikat ist gültig (CA %1).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Its certificate did not validate: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;Sein Zertifikat wurde nicht bestätigt: %1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Compare the fingerprint with the one the server&apos;s owner gave you (in person or by phone). If you trust it, its key is pinned: a different key for this server will be refused.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Vergleichen Sie den Fingerabdruck mit dem, den Ihnen der Betreiber des Servers gegeben hat (persönlich oder telefonisch). Wenn Sie ihm vertrauen, wird sein Schlüssel angeheftet: Ein anderer Schlüssel für diesen Server wird dann abgelehnt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>I compared the fingerprint and it matches</source>
        <translation>Ich habe den Fingerabdruck verglichen und er stimmt überein</translation>
    </message>
    <message>
        <source>Trust and connect</source>
        <translation>Vertrauen und verbinden</translation>
    </message>
</context>
<context>
    <name>sws::ui::PeerPanel</name>
    <message>
        <source>Peer certificate</source>
        <translation>Zertifikat der Gegenstelle</translation>
    </message>
    <message>
        <source>Certificate validation</source>
        <translation>Zertifikatsprüfung</translation>
    </message>
    <message>
        <source>Certificate validation rules</source>
        <translation>Regeln der Zertifikatsprüfung</translation>
    </message>
    <message>
        <source>This client looks like the Java reference implementation: it draws its nonces and share keys from java.util.Random, which one nonce seen on the network predicts. Anyone who saw this handshake can read the session.</source>
        <translation>Dieser Client sieht aus wie die Java-Referenzimplementierung: Er bezieht seine Nonces und gemeinsamen Schlüssel aus java.util.Random, das sich aus einer einzigen im Netzwerk beobachteten Nonce vorhersagen lässt. Wer diesen Handshake gesehen hat, kann die Sitzung mitlesen.</translation>
    </message>
    <message>
        <source>Peer identity</source>
        <translation>Identität der Gegenstelle</translation>
    </message>
    <message>
        <source>Read the fingerprint to your peer over another channel (a call, in person). If it matches theirs, nobody sits in between.</source>
        <translation>Lesen Sie Ihrer Gegenstelle den Fingerabdruck über einen anderen Kanal vor (Anruf, persönlich). Stimmt er mit ihrem überein, sitzt niemand dazwischen.</translation>
    </message>
    <message>
        <source>Public key</source>
        <translation>Öffentlicher Schlüssel</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Your key</source>
        <translation>Ihr Schlüssel</translation>
    </message>
    <message>
        <source>No session</source>
        <translation>Keine Sitzung</translation>
    </message>
    <message>
        <source>waiting for the peer&apos;s key…</source>
        <translation>wartet auf den Schlüssel der Gegenstelle…</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>SWS version 2 (certificates)</source>
        <translation>SWS Version 2 (Zertifikate)</translation>
    </message>
    <message>
        <source>SWS version 1 (keys only)</source>
        <translation>SWS Version 1 (nur Schlüssel)</translation>
    </message>
    <message>
        <source>%1 — we are the %2</source>
        <translation>%1 — wir sind der %2</translation>
    </message>
    <message>
        <source>client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Version 1 sessions carry no certificates: the fingerprint is the only proof of who the peer is.</source>
        <translation>Sitzungen mit Version 1 enthalten keine Zertifikate: Der Fingerabdruck ist der einzige Nachweis, wer die Gegenstelle ist.</translation>
    </message>
    <message>
        <source>This room does not ask clients for a certificate.</source>
        <translation>Dieser Raum verlangt von Clients kein Zertifikat.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate has not arrived yet.</source>
        <translation>Das Zertifikat des Servers ist noch nicht eingetroffen.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#2e9d57;font-weight:bold&apos;&gt;✔ Certificate valid&lt;/span&gt; — every rule below passed</source>
        <translation>&lt;span style=&apos;color:#2e9d57;font-weight:bold&apos;&gt;✔ Zertifikat gültig&lt;/span&gt; — alle Regeln unten erfüllt</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#d03c3c;font-weight:bold&apos;&gt;✘ Certificate refused&lt;/span&gt; — %1</source>
        <translation>&lt;span style=&apos;color:#d03c3c;font-weight:bold&apos;&gt;✘ Zertifikat abgelehnt&lt;/span&gt; — %1</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>CA</translation>
    </message>
    <message>
        <source>Names</source>
        <translation>Namen</translation>
    </message>
    <message>
        <source>IP addresses</source>
        <translation>IP-Adressen</translation>
    </message>
    <message>
        <source>MAC addresses</source>
        <translation>MAC-Adressen</translation>
    </message>
    <message>
        <source>Key in certificate</source>
        <translation>Schlüssel im Zertifikat</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Signiert</translation>
    </message>
    <message>
        <source>gid</source>
        <translation>gid</translation>
    </message>
    <message>
        <source>Certificate fingerprint</source>
        <translation>Zertifikats-Fingerabdruck</translation>
    </message>
    <message>
        <source>The certificate could not be read.</source>
        <translation>Das Zertifikat konnte nicht gelesen werden.</translation>
    </message>
</context>
<context>
    <name>sws::ui::PinModel</name>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Key fingerprint</source>
        <translation>Schlüssel-Fingerabdruck</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verifiziert</translation>
    </message>
    <message>
        <source>Pinned since</source>
        <translation>Angeheftet seit</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verifiziert</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>nicht verifiziert</translation>
    </message>
</context>
<context>
    <name>sws::ui::SessionTracker</name>
    <message>
        <source>unknown key</source>
        <translation>unbekannter Schlüssel</translation>
    </message>
    <message>
        <source>%1 (close %2): %3</source>
        <translation>%1 (Close %2): %3</translation>
    </message>
    <message>
        <source>close %1 (%2)</source>
        <translation>Close %1 (%2)</translation>
    </message>
    <message>
        <source>client %1 connected</source>
        <translation>Client %1 verbunden</translation>
    </message>
    <message>
        <source>WebSocket open to %1</source>
        <translation>WebSocket zu %1 geöffnet</translation>
    </message>
    <message>
        <source>the server refused the session</source>
        <translation>der Server hat die Sitzung abgelehnt</translation>
    </message>
</context>
<context>
    <name>sws::ui::TrafficModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Dir</source>
        <translation>Richt.</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Zähler</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Ciphertext</source>
        <translation>Chiffretext</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Plaintext</source>
        <translation>Klartext</translation>
    </message>
    <message>
        <source>→ sent</source>
        <translation>→ gesendet</translation>
    </message>
    <message>
        <source>← recv</source>
        <translation>← empf.</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>failed to authenticate</source>
        <translation>Authentifizierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>First %1 of %2 bytes on the wire (Poly1305 tag first):
%3</source>
        <translation>Erste %1 von %2 Bytes auf der Leitung (Poly1305-Tag zuerst):
%3</translation>
    </message>
    <message>
        <source>%1 bytes plaintext, %2 bytes on the wire (16-byte tag included)</source>
        <translation>%1 Bytes Klartext, %2 Bytes auf der Leitung (inkl. 16-Byte-Tag)</translation>
    </message>
</context>
<context>
    <name>sws::ui::TrafficView</name>
    <message>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Frames</translation>
    </message>
    <message>
        <source>Search frames</source>
        <translation>Frames durchsuchen</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Both directions</source>
        <translation>Beide Richtungen</translation>
    </message>
    <message>
        <source>Sent only</source>
        <translation>Nur gesendete</translation>
    </message>
    <message>
        <source>Received only</source>
        <translation>Nur empfangene</translation>
    </message>
    <message>
        <source>Search plaintext, ciphertext hex, counter or peer</source>
        <translation>Klartext, Chiffretext (hex), Zähler oder Gegenstelle durchsuchen</translation>
    </message>
    <message>
        <source>Keep the newest frame in view</source>
        <translation>Den neuesten Frame im Blick behalten</translation>
    </message>
    <message>
        <source>%1 frames seen · %2 kept · %3 shown</source>
        <translation>%1 Frames gesehen · %2 behalten · %3 angezeigt</translation>
    </message>
    <message>
        <source> · %1 oldest dropped (keeps the newest %2)</source>
        <translation> · %1 älteste verworfen (die neuesten %2 bleiben)</translation>
    </message>
</context>
<context>
    <name>sws::ui::TranscriptConnection</name>
    <message>
        <source>%1 (transcript)</source>
        <translation>%1 (Mitschnitt)</translation>
    </message>
    <message>
        <source>(failed to authenticate)</source>
        <translation>(Authentifizierung fehlgeschlagen)</translation>
    </message>
    <message>
        <source>you</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>peer</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Read-only transcript %1 · exported %2 · %3 stored</source>
        <translation>Schreibgeschützter Mitschnitt %1 · exportiert %2 · %3 gespeichert</translation>
    </message>
    <message>
        <source>frame</source>
        <translation>Frame</translation>
    </message>
    <message>
        <source>frames</source>
        <translation>Frames</translation>
    </message>
</context>
<context>
    <name>sws::ui::TrustManagerDialog</name>
    <message>
        <source>Trust</source>
        <translation>Vertrauen</translation>
    </message>
    <message>
        <source>Trusted certificate authorities</source>
        <translation>Vertrauenswürdige Zertifizierungsstellen</translation>
    </message>
    <message>
        <source>Pinned server keys</source>
        <translation>Angeheftete Server-Schlüssel</translation>
    </message>
    <message>
        <source>&lt;b&gt;Certificate authorities&lt;/b&gt; — the enabled ones may sign the certificates of servers (version 2)</source>
        <translation>&lt;b&gt;Zertifizierungsstellen&lt;/b&gt; — die aktivierten dürfen die Zertifikate von Servern signieren (Version 2)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pinned server keys&lt;/b&gt; — a server whose key differs from its pin is refused</source>
        <translation>&lt;b&gt;Angeheftete Server-Schlüssel&lt;/b&gt; — ein Server, dessen Schlüssel von seinem Pin abweicht, wird abgelehnt</translation>
    </message>
    <message>
        <source>Add CA…</source>
        <translation>CA hinzufügen…</translation>
    </message>
    <message>
        <source>Remove CA</source>
        <translation>CA entfernen</translation>
    </message>
    <message>
        <source>Mark verified…</source>
        <translation>Als verifiziert markieren…</translation>
    </message>
    <message>
        <source>Remove pin</source>
        <translation>Pin entfernen</translation>
    </message>
    <message>
        <source>Trust a CA certificate</source>
        <translation>Einem CA-Zertifikat vertrauen</translation>
    </message>
    <message>
        <source>CA certificates (*.json)</source>
        <translation>CA-Zertifikate (*.json)</translation>
    </message>
    <message>
        <source>Select a CA first.</source>
        <translation>Wählen Sie zuerst eine CA aus.</translation>
    </message>
    <message>
        <source>Select a pinned key first.</source>
        <translation>Wählen Sie zuerst einen angehefteten Schlüssel aus.</translation>
    </message>
    <message>
        <source>Verify a server key</source>
        <translation>Server-Schlüssel verifizieren</translation>
    </message>
    <message>
        <source>Compare this fingerprint with the one the owner of %1 gave you — in person or by phone, not over this connection:

%2

Do they match exactly?</source>
        <translation>Vergleichen Sie diesen Fingerabdruck mit dem, den Ihnen der Betreiber von %1 gegeben hat — persönlich oder telefonisch, nicht über diese Verbindung:

%2

Stimmen sie genau überein?</translation>
    </message>
    <message>
        <source>%1 of %2 CAs trusted, %3 pinned keys.</source>
        <translation>%1 von %2 CAs vertrauenswürdig, %3 angeheftete Schlüssel.</translation>
    </message>
    <message>
        <source> %1 trusted CAs expire within 30 days or have expired.</source>
        <translation> %1 vertrauenswürdige CAs laufen innerhalb von 30 Tagen ab oder sind abgelaufen.</translation>
    </message>
    <message>
        <source> OK saves the changes.</source>
        <translation> OK speichert die Änderungen.</translation>
    </message>
</context>
<context>
    <name>sws::ui::TrustedCaModel</name>
    <message>
        <source>Trusted</source>
        <translation>Vertrauenswürdig</translation>
    </message>
    <message>
        <source>CA name</source>
        <translation>CA-Name</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>built-in root CA of the reference (node-sws); its key belongs to a third party</source>
        <translation>eingebaute Root-CA der Referenz (node-sws); ihr Schlüssel gehört einem Dritten</translation>
    </message>
</context>
<context>
    <name>sws::ui::VerdictModel</name>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Version 1.0</source>
        <translation>Version 1.0</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Signatur</translation>
    </message>
    <message>
        <source>CA self-signed</source>
        <translation>CA selbstsigniert</translation>
    </message>
    <message>
        <source>CA name</source>
        <translation>CA-Name</translation>
    </message>
    <message>
        <source>Within CA lifetime</source>
        <translation>Innerhalb der CA-Laufzeit</translation>
    </message>
    <message>
        <source>Signed by a trusted CA</source>
        <translation>Von einer vertrauenswürdigen CA signiert</translation>
    </message>
    <message>
        <source>Key binding</source>
        <translation>Schlüsselbindung</translation>
    </message>
    <message>
        <source>Name or IP binding</source>
        <translation>Namens- oder IP-Bindung</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
</context>
</TS>
