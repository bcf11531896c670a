// Tests of the SWS handshake state machine (handshake.h): the reference's recorded transcripts
// replayed byte for byte, both roles against each other, the session error table, and the data
// phase that follows. Hostile input at every state is in tst_handshakehostile.cpp.
#include "handshakefixture.h"

using namespace sws;
using namespace handshaketest;

class tst_Handshake : public HandshakeFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUp(); }

    void transcriptOpens_data() { transcripts(); }
    void transcriptOpens();
    void transcriptClientIsByteIdentical_data() { transcripts(); }
    void transcriptClientIsByteIdentical();
    void transcriptServerIsByteIdentical_data() { transcripts(); }
    void transcriptServerIsByteIdentical();

    void bothRoles_data();
    void bothRoles();
    void shareKeysOnlyWhenAsked_data();
    void shareKeysOnlyWhenAsked();
    void acceptsAnyKeyOrderAndExtraKeys_data();
    void acceptsAnyKeyOrderAndExtraKeys();

    void sessionErrorTable_data();
    void sessionErrorTable();
    void reasonIsClippedOnCharacters_data();
    void reasonIsClippedOnCharacters();

    void dataPhaseRefusesBadFrames_data();
    void dataPhaseRefusesBadFrames();
};

void tst_Handshake::transcriptOpens() {
    QFETCH(QString, file);
    Transcript t;
    loadTranscript(file, t);
    if (QTest::currentTestFailed())
        return;
    const json::Value ch = parsed(t.wire[0].data), sh = parsed(t.wire[1].data);
    QCOMPARE(bytesOf(ch.find(S("client_public_key"))), t.client.publicKey);
    QCOMPARE(bytesOf(sh.find(S("server_public_key"))), t.server.publicKey);
    QVERIFY(t.ncNew != t.nc); // ClientReady carries a new nonce

    const auto clientFrames = t.frames(true);
    const auto serverFrames = t.frames(false);
    QCOMPARE(qsizetype(clientFrames.size()), t.plaintexts.size());
    QCOMPARE(qsizetype(serverFrames.size()), t.plaintexts.size());
    SecretBoxChannel fromClient(secret(t.kc), *NonceCounter::fromBytes(t.ncNew));
    SecretBoxChannel fromServer(secret(t.ks), *NonceCounter::fromBytes(t.ns));
    for (int i = 0; i < t.plaintexts.size(); ++i) {
        auto c = fromClient.open(clientFrames[static_cast<std::size_t>(i)]);
        QVERIFY(c);
        QCOMPARE(*c, t.plaintexts[i]);
        auto s = fromServer.open(serverFrames[static_cast<std::size_t>(i)]);
        QVERIFY(s);
        QCOMPARE(*s, t.replyPrefix + t.plaintexts[i]);
    }
    if (t.version >= 2) {
        QCOMPARE(t.serverCert->publicKey(), t.server.publicKey);
        if (t.clientCert)
            QCOMPARE(t.clientCert->publicKey(), t.client.publicKey);
        else
            QCOMPARE(text(t.clientPayload), QByteArray("{}"));
    }
}

// Our client, fed the recorded random values, sends the recorded frames byte for byte.
void tst_Handshake::transcriptClientIsByteIdentical() {
    QFETCH(QString, file);
    Transcript t;
    loadTranscript(file, t);
    if (QTest::currentTestFailed())
        return;
    ScriptedRandom rnd;
    for (const QByteArray &b : {t.nc, t.ncNew, t.kc})
        rnd.push(b);
    HandshakeConfig c;
    c.role = Role::Client;
    c.version = t.version;
    c.keyPair = t.client.clone();
    c.random = rnd.fn();
    c.recordShareKeys = true;
    const qint64 now = t.validNow();
    c.nowMs = [now] { return now; };
    if (t.version >= 2) {
        QVERIFY(!t.serverCert->names().isEmpty() && !t.serverCert->ips().isEmpty());
        QVERIFY(now < t.serverCert->tteMs());
        c.certificate = t.clientCert;
        c.trustedCas = {*t.ca};
        c.peer = {t.serverCert->names().first(), QHostAddress(t.serverCert->ips().first())};
    }
    Handshake hs(std::move(c));
    auto hello = hs.start();
    QVERIFY(!hello.failure);
    QCOMPARE(hello.send.size(), std::size_t(1));
    QCOMPARE(hello.send[0], t.wire[0].data);
    QCOMPARE(hello.records.size(), std::size_t(1));
    QCOMPARE(hello.records[0].rawJson, t.wire[0].data);
    QCOMPARE(hs.state(), Handshake::State::AwaitServerHello);

    auto ready = hs.receiveText(t.wire[1].data);
    QVERIFY2(!ready.failure, reasonOf(ready).constData());
    QVERIFY(ready.secured);
    QCOMPARE(ready.send.size(), std::size_t(1));
    QCOMPARE(ready.send[0], t.wire[2].data);
    QVERIFY(rnd.used());
    QCOMPARE(ready.records.size(), std::size_t(2));
    const HandshakeRecord &in = ready.records[0];
    const HandshakeRecord &out = ready.records[1];
    QCOMPARE(in.step, HandshakeStep::ServerHello);
    QCOMPARE(in.direction, HandshakeRecord::Direction::Received);
    QCOMPARE(in.rawJson, t.wire[1].data);
    QVERIFY(in.boxOpened);
    QCOMPARE(in.boxNonce, t.ns);
    QCOMPARE(in.boxShareKey->copyOut(), t.ks);
    QVERIFY(in.boxPayload == t.serverPayload);
    QCOMPARE(out.step, HandshakeStep::ClientReady);
    QCOMPARE(out.direction, HandshakeRecord::Direction::Sent);
    QCOMPARE(out.boxNonce, t.ncNew);
    QCOMPARE(out.boxShareKey->copyOut(), t.kc);
    QVERIFY(out.boxPayload == t.clientPayload);
    QCOMPARE(ready.peerVerdict.has_value(), t.version >= 2);
    if (ready.peerVerdict)
        QVERIFY2(ready.peerVerdict->valid, qPrintable(ready.peerVerdict->message));

    SecuredSession s = hs.takeSession();
    QCOMPARE(s.peerPublicKey, t.server.publicKey);
    QCOMPARE(s.peerCertificate.has_value(), t.version >= 2);
    const auto clientFrames = t.frames(true);
    const auto serverFrames = t.frames(false);
    for (int i = 0; i < t.plaintexts.size(); ++i) {
        QCOMPARE(s.tx.seal(t.plaintexts[i]).toHex(),
                 clientFrames[static_cast<std::size_t>(i)].toHex());
        auto reply = s.rx.open(serverFrames[static_cast<std::size_t>(i)]);
        QVERIFY(reply);
        QCOMPARE(*reply, t.replyPrefix + t.plaintexts[i]);
    }
}

// Our server, fed the recorded random values, sends the recorded ServerHello byte for byte.
void tst_Handshake::transcriptServerIsByteIdentical() {
    QFETCH(QString, file);
    Transcript t;
    loadTranscript(file, t);
    if (QTest::currentTestFailed())
        return;
    ScriptedRandom rnd;
    rnd.push(t.ns);
    rnd.push(t.ks);
    HandshakeConfig c;
    c.role = Role::Server;
    c.version = t.version;
    c.keyPair = t.server.clone();
    c.random = rnd.fn();
    c.recordShareKeys = true;
    const qint64 now = t.validNow();
    c.nowMs = [now] { return now; };
    if (t.version >= 2) {
        c.certificate = t.serverCert;
        c.requireCert = t.requireCert;
        c.trustedCas = {*t.ca};
        if (t.clientCert) {
            QVERIFY(!t.clientCert->ips().isEmpty());
            c.peer.address = QHostAddress(t.clientCert->ips().first());
        }
    }
    Handshake hs(std::move(c));
    auto started = hs.start();
    QVERIFY(!started.failure);
    QVERIFY(started.send.empty());
    QCOMPARE(hs.state(), Handshake::State::AwaitClientHello);

    auto hello = hs.receiveText(t.wire[0].data);
    QVERIFY2(!hello.failure, reasonOf(hello).constData());
    QCOMPARE(hello.send.size(), std::size_t(1));
    QCOMPARE(hello.send[0], t.wire[1].data);
    QVERIFY(rnd.used());
    QCOMPARE(hello.records.size(), std::size_t(2));
    QCOMPARE(hello.records[0].step, HandshakeStep::ClientHello);
    QCOMPARE(hello.records[0].rawJson, t.wire[0].data);
    QCOMPARE(hello.records[1].step, HandshakeStep::ServerHello);
    QCOMPARE(hello.records[1].boxShareKey->copyOut(), t.ks);
    QVERIFY(hello.records[1].boxPayload == t.serverPayload);

    auto ready = hs.receiveText(t.wire[2].data);
    QVERIFY2(!ready.failure, reasonOf(ready).constData());
    QVERIFY(ready.secured);
    QVERIFY(ready.send.empty());
    QCOMPARE(ready.records.size(), std::size_t(1));
    QCOMPARE(ready.records[0].boxNonce, t.ncNew);
    QCOMPARE(ready.records[0].boxShareKey->copyOut(), t.kc);
    QCOMPARE(ready.peerVerdict.has_value(), t.requireCert);

    SecuredSession s = hs.takeSession();
    QCOMPARE(s.peerPublicKey, t.client.publicKey);
    QCOMPARE(s.peerCertificate.has_value(), t.requireCert);
    const auto clientFrames = t.frames(true);
    const auto serverFrames = t.frames(false);
    for (int i = 0; i < t.plaintexts.size(); ++i) {
        auto plain = s.rx.open(clientFrames[static_cast<std::size_t>(i)]);
        QVERIFY(plain);
        QCOMPARE(*plain, t.plaintexts[i]);
        QCOMPARE(s.tx.seal(t.replyPrefix + *plain).toHex(),
                 serverFrames[static_cast<std::size_t>(i)].toHex());
    }
}

// ---- (b) Both roles in memory -----------------------------------------------------------

void tst_Handshake::bothRoles_data() {
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("requireCert");
    QTest::addColumn<bool>("checkEndpoint");
    QTest::newRow("version 1") << 1 << false << true;
    QTest::newRow("version 2, client certificate not required") << 2 << false << true;
    QTest::newRow("version 2, client certificate required") << 2 << true << true;
    QTest::newRow("version 2, endpoint check off") << 2 << true << false;
}

void tst_Handshake::bothRoles() {
    QFETCH(int, version);
    QFETCH(bool, requireCert);
    QFETCH(bool, checkEndpoint);
    ScriptedRandom none; // unscripted: use real randomness
    HandshakeConfig cc = config(Role::Client, version, false, true, none);
    HandshakeConfig sc = config(Role::Server, version, requireCert, true, none);
    cc.random = nullptr;
    sc.random = nullptr;
    cc.recordShareKeys = sc.recordShareKeys = true;
    if (!checkEndpoint) { // the certificates would not match these endpoints
        cc.checkEndpoint = sc.checkEndpoint = false;
        cc.peer = {S("elsewhere.test"), QHostAddress(S("192.0.2.1"))};
        sc.peer = {QString(), QHostAddress(S("192.0.2.2"))};
    }
    Handshake client(std::move(cc));
    Handshake server(std::move(sc));
    std::vector<Handshake::Output> outs;
    secured(client, server, &outs);
    if (QTest::currentTestFailed())
        return;
    // outs: server start, client hello, server hello, client ready, server secured.
    QCOMPARE(outs.size(), std::size_t(5));
    QVERIFY(outs[3].secured && outs[4].secured);
    const HandshakeRecord &shSent = outs[2].records.at(1);
    const HandshakeRecord &shReceived = outs[3].records.at(0);
    const HandshakeRecord &crSent = outs[3].records.at(1);
    const HandshakeRecord &crReceived = outs[4].records.at(0);
    QCOMPARE(shReceived.boxShareKey->copyOut(), shSent.boxShareKey->copyOut());
    QCOMPARE(shReceived.boxNonce, shSent.boxNonce);
    QCOMPARE(crReceived.boxShareKey->copyOut(), crSent.boxShareKey->copyOut());
    QCOMPARE(crReceived.boxNonce, crSent.boxNonce);
    QVERIFY(shSent.boxShareKey->copyOut() != crSent.boxShareKey->copyOut());
    QVERIFY(shReceived.boxPayload == shSent.boxPayload);
    if (version >= 2) {
        QVERIFY(shSent.boxPayload.find(S("cert")) &&
                *shSent.boxPayload.find(S("cert")) == m_serverCert->raw());
        QVERIFY(shSent.boxPayload.find(S("requireCert")) &&
                *shSent.boxPayload.find(S("requireCert")) == json::Value(requireCert));
        // Without a request the client sends {} (as the reference does), not its certificate.
        QVERIFY(crSent.boxPayload == (requireCert ? m_clientCert->raw() : json::Value::object()));
        QVERIFY(crReceived.boxPayload == crSent.boxPayload);
    } else {
        QVERIFY(shSent.boxPayload.isNull() && crSent.boxPayload.isNull());
    }
    QCOMPARE(outs[3].peerVerdict.has_value(), version >= 2);
    QCOMPARE(outs[4].peerVerdict.has_value(), version >= 2 && requireCert);

    SecuredSession cs = client.takeSession();
    SecuredSession ss = server.takeSession();
    QVERIFY(cs.tx.isValid() && cs.rx.isValid() && ss.tx.isValid() && ss.rx.isValid());
    QVERIFY(!client.takeSession().tx.isValid()); // handed over once
    QCOMPARE(cs.peerPublicKey, m_server.publicKey);
    QCOMPARE(ss.peerPublicKey, m_client.publicKey);
    QCOMPARE(cs.version, version);
    QCOMPARE(ss.version, version);
    QCOMPARE(cs.peerCertificate.has_value(), version >= 2);
    if (cs.peerCertificate)
        QCOMPARE(cs.peerCertificate->toBytes(), m_serverCert->toBytes());
    QCOMPARE(ss.peerCertificate.has_value(), version >= 2 && requireCert);
    if (ss.peerCertificate) {
        QCOMPARE(ss.peerCertificate->toBytes(), m_clientCert->toBytes());
        QVERIFY(ss.peerVerdict && ss.peerVerdict->valid);
    }

    const QList<QByteArray> messages{QByteArrayLiteral("hello"), QByteArray(),
                                     QByteArray(65536, '\xa5'), QByteArrayLiteral("bye")};
    for (const QByteArray &m : messages) {
        auto up = ss.rx.open(cs.tx.seal(m));
        QVERIFY(up);
        QCOMPARE(*up, m);
        auto down = cs.rx.open(ss.tx.seal(m));
        QVERIFY(down);
        QCOMPARE(*down, m);
    }
    QCOMPARE(cs.tx.counter().value(), ss.rx.counter().value());
    QCOMPARE(ss.tx.counter().value(), cs.rx.counter().value());
}

void tst_Handshake::acceptsAnyKeyOrderAndExtraKeys_data() {
    QTest::addColumn<int>("at");
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("message");
    const auto ch = [&](std::vector<json::Member> m) { return text(obj(std::move(m))); };
    const json::Value key = arr(m_client.publicKey), nonce = arr(m_nc);
    QTest::newRow("ClientHello, keys reversed") << int(At::ServerAwaitsClientHello) << 1
                                                << ch({{S("nonce"), nonce},
                                                       {S("client_public_key"), key},
                                                       {S("version"), 1},
                                                       {S("opc"), 0}});
    QTest::newRow("ClientHello, extra keys") << int(At::ServerAwaitsClientHello) << 1
                                             << ch({{S("x"), json::Value::array()},
                                                    {S("opc"), 0},
                                                    {S("client_public_key"), key},
                                                    {S("version"), 1},
                                                    {S("nonce"), nonce},
                                                    {S("comment"), S("ignored")}});
    QTest::newRow("ClientHello, opc written 0.0 and padded with whitespace")
        << int(At::ServerAwaitsClientHello) << 1
        << QByteArray(" {\"opc\" : 0.0, \"version\":1e0, \"client_public_key\":") + text(key) +
               ", \"nonce\": " + text(nonce) + "}\n";
    const json::Value box = arr(serverBox(serverPlain()));
    QTest::newRow("ServerHello, keys reversed, extra key")
        << int(At::ClientAwaitsServerHello) << 1
        << ch({{S("s_blackbox_a"), box},
               {S("server_public_key"), arr(m_server.publicKey)},
               {S("extra"), true},
               {S("version"), 1},
               {S("opc"), 1}});
    QTest::newRow("ServerHello v1, bytes after the share key ignored")
        << int(At::ClientAwaitsServerHello) << 1
        << serverHello(1, arr(serverBox(serverPlain(QByteArrayLiteral("trailing")))));
    QTest::newRow("ServerHello v2, payload keys reversed")
        << int(At::ClientAwaitsServerHello) << 2
        << serverHello(2, arr(serverBox(serverPlain(text(obj(
                              {{S("requireCert"), false}, {S("cert"), m_serverCert->raw()}}))))));
    QTest::newRow("ClientReady, keys reversed, extra key")
        << int(At::ServerAwaitsClientReady) << 1
        << ch({{S("s_blackbox_a"), arr(clientBox(clientPlain()))},
               {S("version"), 1},
               {S("padding"), json::Value()},
               {S("opc"), 2}});
    QTest::newRow("ClientReady v2, unread payload when no certificate is required")
        << int(At::ServerAwaitsClientReady) << 2
        << clientReadyV2(QByteArrayLiteral("not json: nobody asked"));
}

void tst_Handshake::acceptsAnyKeyOrderAndExtraKeys() {
    QFETCH(int, at);
    QFETCH(int, version);
    QFETCH(QByteArray, message);
    const Role role = At(at) == At::ClientAwaitsServerHello ? Role::Client : Role::Server;
    ScriptedRandom rnd = script(role);
    Handshake hs(config(role, version, false, true, rnd));
    QVERIFY(!hs.start().failure);
    if (At(at) == At::ServerAwaitsClientReady)
        QVERIFY(!hs.receiveText(clientHello(version)).failure);
    auto out = hs.receiveText(message);
    QVERIFY2(!out.failure, reasonOf(out).constData());
    QCOMPARE(out.records.at(0).rawJson, message);
    QVERIFY(out.records.at(0).decoded.isObject());
    QVERIFY(!out.records.at(0).failure);
    if (At(at) == At::ServerAwaitsClientHello) {
        QCOMPARE(hs.state(), Handshake::State::AwaitClientReady);
        QCOMPARE(out.send.size(), std::size_t(1));
        return;
    }
    QCOMPARE(hs.state(), Handshake::State::Secured);
    QVERIFY(out.secured);
    SecuredSession s = hs.takeSession();
    // The share keys came through intact: frames made with the fixture's keys open.
    if (role == Role::Client) {
        QCOMPARE(s.rx.key().copyOut(), m_ks);
        QCOMPARE(s.rx.counter().bytes(), m_ns);
    } else {
        QCOMPARE(s.rx.key().copyOut(), m_kc);
        QCOMPARE(s.rx.counter().bytes(), m_ncNew);
    }
}

// ---- Error table ------------------------------------------------------------------------

// The records carry the boxes' share keys only when an inspector asked for them; by default
// none of their fields holds the key bytes in any form.
void tst_Handshake::shareKeysOnlyWhenAsked_data() {
    QTest::addColumn<bool>("record");
    QTest::newRow("default: not kept") << false;
    QTest::newRow("opted in: kept") << true;
}

void tst_Handshake::shareKeysOnlyWhenAsked() {
    QFETCH(bool, record);
    ScriptedRandom cr = script(Role::Client);
    ScriptedRandom sr = script(Role::Server);
    HandshakeConfig cc = config(Role::Client, 1, false, true, cr);
    HandshakeConfig sc = config(Role::Server, 1, false, true, sr);
    QVERIFY(!cc.recordShareKeys && !sc.recordShareKeys); // off unless asked
    cc.recordShareKeys = sc.recordShareKeys = record;
    Handshake client(std::move(cc));
    Handshake server(std::move(sc));
    std::vector<Handshake::Output> outs;
    secured(client, server, &outs);
    if (QTest::currentTestFailed())
        return;
    int kept = 0;
    for (const Handshake::Output &o : outs) {
        for (const HandshakeRecord &r : o.records) {
            if (r.boxShareKey) {
                ++kept;
                const QByteArray k = r.boxShareKey->copyOut();
                QVERIFY(k == m_kc || k == m_ks);
            }
            for (const QByteArray &k : {m_kc, m_ks}) {
                const QByteArray asJson = json::serialize(json::bytesToArray(k));
                for (const QByteArray &field : {r.rawJson, r.boxNonce, json::serialize(r.decoded),
                                                json::serialize(r.boxPayload)}) {
                    QVERIFY(!field.contains(k));
                    QVERIFY(!field.contains(asJson.mid(1, asJson.size() - 2)));
                }
            }
        }
    }
    // Each side records its own box (sent) and the peer's (received): four keys in all.
    QCOMPARE(kept, record ? 4 : 0);
}

void tst_Handshake::sessionErrorTable_data() {
    QTest::addColumn<SessionError>("error");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("code");
    using E = SessionError;
    const auto row = [](E e, const char *name, int code) {
        QTest::newRow(name) << e << QString::fromLatin1(name) << code;
    };
    row(E::None, "None", 1000);
    row(E::MalformedJson, "MalformedJson", 4001);
    row(E::MalformedMessage, "MalformedMessage", 4002);
    row(E::UnexpectedOpcode, "UnexpectedOpcode", 4003);
    row(E::VersionMismatch, "VersionMismatch", 4004);
    row(E::BadKeyLength, "BadKeyLength", 4005);
    row(E::BadNonceLength, "BadNonceLength", 4006);
    row(E::BadByteArray, "BadByteArray", 4007);
    row(E::KeyExchangeFailed, "KeyExchangeFailed", 4008);
    row(E::BoxOpenFailed, "BoxOpenFailed", 4009);
    row(E::PlaintextTooShort, "PlaintextTooShort", 4010);
    row(E::CertificateMalformed, "CertificateMalformed", 4011);
    row(E::CertificateMissing, "CertificateMissing", 4012);
    row(E::CertificateRefused, "CertificateRefused", 4013);
    row(E::EndpointMismatch, "EndpointMismatch", 4014);
    row(E::HandshakeTimeout, "HandshakeTimeout", 4015);
    row(E::BinaryDuringHandshake, "BinaryDuringHandshake", 1003);
    row(E::TextAfterHandshake, "TextAfterHandshake", 1003);
    row(E::DecryptFailed, "DecryptFailed", 4020);
    row(E::MessageTooBig, "MessageTooBig", 1009);
    row(E::LocalConfiguration, "LocalConfiguration", 4030);
    row(E::PeerKeyChanged, "PeerKeyChanged", 4040);
    row(E::PeerKeyNotTrusted, "PeerKeyNotTrusted", 4041);
    row(E::PeerNotReading, "PeerNotReading", 4021);
    row(E::ConnectionFailed, "ConnectionFailed", 1006);
    row(E::PeerClosedDuringHandshake, "PeerClosedDuringHandshake", 1006);
    row(E::Cancelled, "Cancelled", 1006);
    row(E::NotWebSocketServer, "NotWebSocketServer", 1006);
    row(E::NotSwsServer, "NotSwsServer", 1002);
}

void tst_Handshake::sessionErrorTable() {
    QFETCH(SessionError, error);
    QFETCH(QString, name);
    QFETCH(int, code);
    QCOMPARE(int(closeCodeFor(error)), code);
    QCOMPARE(sessionErrorName(error), name);
    const QString t = sessionErrorText(error);
    QVERIFY(!t.isEmpty());
    QVERIFY(t.toUtf8().size() <= 60); // leaves room for a detail in 123 bytes
    const SessionFailure f = makeFailure(error, S("detail"), cert::Rule::KeyBinding);
    QCOMPARE(int(f.error), int(error));
    QCOMPARE(int(f.closeCode), code);
    QVERIFY(f.rule && *f.rule == cert::Rule::KeyBinding);
    QVERIFY(f.reason.contains(t));
    QVERIFY(f.reason.contains(S("detail")));
    QVERIFY(f.reason.contains(cert::ruleName(cert::Rule::KeyBinding)));
    QVERIFY(!makeFailure(error).rule);
}

void tst_Handshake::reasonIsClippedOnCharacters_data() {
    QTest::addColumn<QString>("detail");
    QTest::newRow("ASCII") << QString(300, QLatin1Char('x'));
    QTest::newRow("2-byte characters") << QString(300, QChar(0x00e9));
    QTest::newRow("3-byte characters") << QString(300, QChar(0x4e2d));
    QTest::newRow("4-byte characters (surrogate pairs)")
        << QString::fromUtf8("\xf0\x9f\x94\x91").repeated(100);
    for (int shift = 0; shift < 4; ++shift)
        QTest::addRow("mixed, shifted by %d", shift)
            << QString(shift, QLatin1Char('a')) +
                   QString::fromUtf8("\xc3\xa9\xe4\xb8\xad\xf0\x9f\x94\x91").repeated(40);
}

void tst_Handshake::reasonIsClippedOnCharacters() {
    QFETCH(QString, detail);
    const SessionFailure f = makeFailure(SessionError::BoxOpenFailed, detail);
    const QByteArray utf8 = f.reason.toUtf8();
    QVERIFY(utf8.size() <= 123);
    QVERIFY(utf8.size() >= 120); // clipped at most one character short
    QVERIFY(!f.reason.contains(QChar(QChar::ReplacementCharacter)));
    QVERIFY(!f.reason.back().isHighSurrogate());
    QVERIFY(
        (sessionErrorText(SessionError::BoxOpenFailed) + S(": ") + detail).startsWith(f.reason));
    QCOMPARE(makeFailure(SessionError::BoxOpenFailed, S("short")).reason,
             sessionErrorText(SessionError::BoxOpenFailed) + S(": short"));
}

// ---- (d) Data phase ---------------------------------------------------------------------

void tst_Handshake::dataPhaseRefusesBadFrames_data() {
    QTest::addColumn<QString>("attack");
    for (const char *a : {"tampered", "replayed", "reordered", "truncated", "empty",
                          "reflected back to its sender", "from another session"})
        QTest::newRow(a) << QString::fromLatin1(a);
}

// After a real handshake, a bad frame does not open and leaves the receive counter alone, so
// the genuine frame that follows still opens.
void tst_Handshake::dataPhaseRefusesBadFrames() {
    QFETCH(QString, attack);
    ScriptedRandom none;
    HandshakeConfig cc = config(Role::Client, 1, false, true, none);
    HandshakeConfig sc = config(Role::Server, 1, false, true, none);
    cc.random = sc.random = nullptr;
    Handshake client(std::move(cc));
    Handshake server(std::move(sc));
    secured(client, server, nullptr);
    if (QTest::currentTestFailed())
        return;
    SecuredSession c = client.takeSession();
    SecuredSession s = server.takeSession();

    const QByteArray f0 = c.tx.seal("frame 0");
    const QByteArray f1 = c.tx.seal("frame 1");
    const QByteArray f2 = c.tx.seal("frame 2");
    QVERIFY(s.rx.open(f0));
    const quint64 before = s.rx.counter().value();

    QByteArray bad;
    if (attack == S("tampered"))
        bad = flipBit(f1, f1.size() - 2, 3);
    else if (attack == S("replayed"))
        bad = f0;
    else if (attack == S("reordered"))
        bad = f2;
    else if (attack == S("truncated"))
        bad = f1.chopped(1);
    else if (attack == S("empty"))
        bad = QByteArray();
    else if (attack == S("reflected back to its sender"))
        bad = s.tx.seal("frame 1"); // the server's own frame, same counter position
    else if (attack == S("from another session"))
        bad = SecretBoxChannel(randomSecret(kShareKeyBytes), NonceCounter(before)).seal("frame 1");
    if (attack == S("reflected back to its sender")) {
        QVERIFY(!s.rx.open(bad));
        QCOMPARE(s.rx.counter().value(), before);
        // and the client does not take its own frame back either
        const quint64 cBefore = c.rx.counter().value();
        QVERIFY(!c.rx.open(f1));
        QCOMPARE(c.rx.counter().value(), cBefore);
    } else {
        QVERIFY(!s.rx.open(bad));
        QCOMPARE(s.rx.counter().value(), before);
    }
    auto genuine = s.rx.open(f1);
    QVERIFY(genuine);
    QCOMPARE(*genuine, QByteArray("frame 1"));
    QCOMPARE(s.rx.counter().value(), before + 1);
}

QTEST_GUILESS_MAIN(tst_Handshake)
#include "tst_handshake.moc"
