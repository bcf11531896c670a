// Hostile input to the SWS handshake state machine (handshake.h): every malformed, forged or
// misplaced message at every state fails with its error and close code and leaks no secret;
// bad configurations are refused at start; nothing is taken once the handshake has ended.
#include "handshakefixture.h"

using namespace sws;
using namespace handshaketest;

class tst_HandshakeHostile : public HandshakeFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUp(); }
    void hostileInput_data();
    void hostileInput();
    void startRefusesBadConfiguration_data();
    void startRefusesBadConfiguration();
    void inputAfterFinishIsRefused_data();
    void inputAfterFinishIsRefused();
};

// ---- (c) Hostile input ------------------------------------------------------------------

void tst_HandshakeHostile::hostileInput_data() {
    QTest::addColumn<int>("at");
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("requireCert");
    QTest::addColumn<bool>("ownCert");
    QTest::addColumn<int>("input");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<SessionError>("error");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<int>("rule"); // -1: none

    using E = SessionError;
    using R = cert::Rule;
    const auto row = [](const char *name, At at, int version, const QByteArray &msg, E e, int code,
                        std::optional<R> rule = std::nullopt, bool requireCert = true,
                        bool ownCert = true, Input in = Input::Text) {
        QTest::newRow(name) << int(at) << version << requireCert << ownCert << int(in) << msg << e
                            << code << (rule ? int(*rule) : -1);
    };
    const auto msg = [](std::vector<json::Member> m) { return text(obj(std::move(m))); };
    const At CH = At::ServerAwaitsClientHello, SH = At::ClientAwaitsServerHello,
             CR = At::ServerAwaitsClientReady;
    const json::Value ckey = arr(m_client.publicKey), nonce = arr(m_nc);
    const auto hello = [&](json::Value key, json::Value n) {
        return msg(
            {{S("opc"), 0}, {S("version"), 1}, {S("client_public_key"), key}, {S("nonce"), n}});
    };
    const auto helloWith = [&](const QString &k, json::Value v) {
        json::Value m = parsed(clientHello(1));
        m.insert(k, std::move(v));
        return text(m);
    };
    const auto helloWithout = [&](const QString &k) {
        std::vector<json::Member> ms;
        const json::Value full = parsed(clientHello(1));
        for (const json::Member &m : full.members())
            if (m.key != k)
                ms.push_back(m);
        return text(obj(ms));
    };

    // ClientHello, at the server.
    row("ClientHello: not JSON", CH, 1, "hello server", E::MalformedJson, 4001);
    row("ClientHello: truncated JSON", CH, 1, clientHello(1).left(30), E::MalformedJson, 4001);
    row("ClientHello: empty frame", CH, 1, QByteArray(), E::MalformedJson, 4001);
    row("ClientHello: JSON array", CH, 1, "[0,1,[1,2,3],[4,5]]", E::MalformedJson, 4001);
    row("ClientHello: JSON string", CH, 1, "\"opc\"", E::MalformedJson, 4001);
    row("ClientHello: deep nesting", CH, 1,
        "{\"opc\":0,\"version\":1,\"x\":" + QByteArray(200, '[') + QByteArray(200, ']') + "}",
        E::MalformedJson, 4001);
    row("ClientHello: oversize (over 64 KiB)", CH, 1,
        helloWith(S("pad"), QString(70000, QLatin1Char('a'))), E::MalformedJson, 4001);
    row("ClientHello: duplicate opc", CH, 1, "{\"opc\":0,\"opc\":0," + clientHello(1).mid(9),
        E::MalformedJson, 4001);
    row("ClientHello: invalid UTF-8", CH, 1, helloWith(S("x"), S("ab")).replace("ab", "\xc3\x28"),
        E::MalformedJson, 4001);
    row("ClientHello: missing opc", CH, 1, helloWithout(S("opc")), E::MalformedMessage, 4002);
    row("ClientHello: opc as string", CH, 1, helloWith(S("opc"), S("0")), E::MalformedMessage,
        4002);
    row("ClientHello: opc null", CH, 1, helloWith(S("opc"), json::Value()), E::MalformedMessage,
        4002);
    row("ClientHello: missing version", CH, 1, helloWithout(S("version")), E::MalformedMessage,
        4002);
    row("ClientHello: version \"1\" (string)", CH, 1, helloWith(S("version"), S("1")),
        E::MalformedMessage, 4002);
    row("ClientHello: wrong opc (ClientReady)", CH, 1, helloWith(S("opc"), 2), E::UnexpectedOpcode,
        4003);
    row("ClientHello: wrong opc (ServerHello)", CH, 1, helloWith(S("opc"), 1), E::UnexpectedOpcode,
        4003);
    row("ClientHello: opc 0.5", CH, 1, helloWith(S("opc"), 0.5), E::UnexpectedOpcode, 4003);
    row("ClientHello: version 3", CH, 1, helloWith(S("version"), 3), E::VersionMismatch, 4004);
    row("ClientHello: version 2 at a v1 server", CH, 1, clientHello(2), E::VersionMismatch, 4004);
    row("ClientHello: version 1 at a v2 server", CH, 2, clientHello(1), E::VersionMismatch, 4004);
    row("ClientHello: missing client_public_key", CH, 1, helloWithout(S("client_public_key")),
        E::MalformedMessage, 4002);
    row("ClientHello: key as hex string", CH, 1,
        hello(QString::fromLatin1(m_client.publicKey.toHex()), nonce), E::MalformedMessage, 4002);
    row("ClientHello: key of 31 bytes", CH, 1, hello(arr(m_client.publicKey.left(31)), nonce),
        E::BadKeyLength, 4005);
    row("ClientHello: key of 33 bytes", CH, 1, hello(arr(m_client.publicKey + '\0'), nonce),
        E::BadKeyLength, 4005);
    row("ClientHello: key of 0 bytes", CH, 1, hello(json::Value::array(), nonce), E::BadKeyLength,
        4005);
    row("ClientHello: key element 256", CH, 1, hello(arrWith(m_client.publicKey, 3, 256), nonce),
        E::BadByteArray, 4007);
    row("ClientHello: key element -1", CH, 1, hello(arrWith(m_client.publicKey, 0, -1), nonce),
        E::BadByteArray, 4007);
    row("ClientHello: key element 1.5", CH, 1, hello(arrWith(m_client.publicKey, 31, 1.5), nonce),
        E::BadByteArray, 4007);
    row("ClientHello: key element \"1\"", CH, 1,
        hello(arrWith(m_client.publicKey, 7, S("1")), nonce), E::BadByteArray, 4007);
    row("ClientHello: key element null", CH, 1,
        hello(arrWith(m_client.publicKey, 7, json::Value()), nonce), E::BadByteArray, 4007);
    row("ClientHello: nonce of 7 bytes", CH, 1, hello(ckey, arr(m_nc.left(7))), E::BadNonceLength,
        4006);
    row("ClientHello: nonce of 9 bytes", CH, 1, hello(ckey, arr(m_nc + 'x')), E::BadNonceLength,
        4006);
    row("ClientHello: nonce element 256", CH, 1, hello(ckey, arrWith(m_nc, 0, 256)),
        E::BadByteArray, 4007);
    row("ClientHello: missing nonce", CH, 1, helloWithout(S("nonce")), E::MalformedMessage, 4002);
    row("ClientHello: low-order key (zero)", CH, 1, hello(arr(QByteArray(32, '\0')), nonce),
        E::KeyExchangeFailed, 4008);
    row("ClientHello: low-order key (order 8)", CH, 1,
        hello(arr(QByteArray::fromHex(
                  "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157")),
              nonce),
        E::KeyExchangeFailed, 4008);
    row("ClientHello: binary frame", CH, 1, clientHello(1), E::BinaryDuringHandshake, 1003, {},
        true, true, Input::Binary);
    row("ClientHello: timeout", CH, 1, {}, E::HandshakeTimeout, 4015, {}, true, true,
        Input::Timeout);

    // ServerHello, at the client.
    const QByteArray sbox = serverBox(serverPlain());
    row("ServerHello: not JSON", SH, 1, "<html>", E::MalformedJson, 4001);
    row("ServerHello: own ClientHello reflected", SH, 1, clientHello(1), E::UnexpectedOpcode, 4003);
    row("ServerHello: version 2 at a v1 client", SH, 1, serverHello(2, arr(sbox)),
        E::VersionMismatch, 4004);
    {
        json::Value m = parsed(serverHello(1, arr(sbox)));
        m.insert(S("server_public_key"), arr(m_server.publicKey.left(31)));
        row("ServerHello: server key of 31 bytes", SH, 1, text(m), E::BadKeyLength, 4005);
        m.insert(S("server_public_key"), arrWith(m_server.publicKey, 0, 256));
        row("ServerHello: server key element 256", SH, 1, text(m), E::BadByteArray, 4007);
        m.insert(S("server_public_key"),
                 arr(QByteArray::fromHex("e0eb7a7c3b41b8ae1656e3faf19fc46a"
                                         "da098deb9c32b1fd866205165f49b800")));
        row("ServerHello: low-order server key", SH, 1, text(m), E::KeyExchangeFailed, 4008);
        m = parsed(serverHello(1, arr(sbox)));
        m.insert(S("server_public_key"), arr(BoxKeyPair::generate().publicKey));
        row("ServerHello: box from another server key", SH, 1, text(m), E::BoxOpenFailed, 4009);
        m = parsed(serverHello(1, arr(sbox)));
        m.insert(S("s_blackbox_a"), S("AAAA"));
        row("ServerHello: s_blackbox_a as string", SH, 1, text(m), E::MalformedMessage, 4002);
    }
    row("ServerHello: missing s_blackbox_a", SH, 1,
        msg({{S("opc"), 1}, {S("version"), 1}, {S("server_public_key"), arr(m_server.publicKey)}}),
        E::MalformedMessage, 4002);
    row("ServerHello: box element -1", SH, 1, serverHello(1, arrWith(sbox, 20, -1)),
        E::BadByteArray, 4007);
    row("ServerHello: box tampered (one bit)", SH, 1, serverHello(1, arr(flipBit(sbox, 30, 4))),
        E::BoxOpenFailed, 4009);
    row("ServerHello: box tag tampered (one bit)", SH, 1, serverHello(1, arr(flipBit(sbox, 0, 0))),
        E::BoxOpenFailed, 4009);
    row("ServerHello: box truncated", SH, 1, serverHello(1, arr(sbox.chopped(1))), E::BoxOpenFailed,
        4009);
    row("ServerHello: box shorter than its tag", SH, 1, serverHello(1, arr(sbox.left(15))),
        E::BoxOpenFailed, 4009);
    row("ServerHello: box empty", SH, 1, serverHello(1, json::Value::array()), E::BoxOpenFailed,
        4009);
    row("ServerHello: box sealed with another nonce", SH, 1,
        serverHello(1, arr(boxSeal(m_client.publicKey, m_server.secretKey, serverPlain(), m_ns))),
        E::BoxOpenFailed, 4009);
    row("ServerHello: box of 8+31 bytes", SH, 1,
        serverHello(1, arr(serverBox(serverPlain().chopped(1)))), E::PlaintextTooShort, 4010);
    row("ServerHello: box of 0 bytes", SH, 1, serverHello(1, arr(serverBox(QByteArray()))),
        E::PlaintextTooShort, 4010);
    row("ServerHello v2: no payload", SH, 2, serverHello(2, arr(serverBox(serverPlain()))),
        E::CertificateMissing, 4012);
    row("ServerHello v2: cert JSON garbage", SH, 2,
        serverHello(2, arr(serverBox(serverPlain("{\"cert\":{\"desc\":")))),
        E::CertificateMalformed, 4011);
    row("ServerHello v2: payload is an array", SH, 2,
        serverHello(2, arr(serverBox(serverPlain("[1,2]")))), E::CertificateMalformed, 4011);
    row("ServerHello v2: payload without cert", SH, 2,
        serverHello(2, arr(serverBox(serverPlain("{\"requireCert\":false}")))),
        E::CertificateMissing, 4012);
    row("ServerHello v2: cert document malformed", SH, 2,
        serverHello(2, arr(serverBox(serverPlain(certPayload(obj({{S("desc"), obj({})}})))))),
        E::CertificateMalformed, 4011, R::Format);
    row("ServerHello v2: requireCert not a boolean", SH, 2,
        serverHello(2, arr(serverBox(serverPlain(text(obj(
                           {{S("cert"), m_serverCert->raw()}, {S("requireCert"), S("yes")}})))))),
        E::CertificateMalformed, 4011);
    const qint64 day = 86'400'000;
    row("ServerHello v2: cert signed by an untrusted CA", SH, 2,
        serverHelloV2(signed_(*m_evilCa, m_server.publicKey, {S("sws.test")}, {S("127.0.0.1")},
                              m_now + day, m_now - 1000)),
        E::CertificateRefused, 4013, R::CaTrusted);
    row("ServerHello v2: cert signed by an impostor CA of the trusted name", SH, 2,
        serverHelloV2(signed_(*m_impostorCa, m_server.publicKey, {S("sws.test")}, {S("127.0.0.1")},
                              m_now + day, m_now - 1000)),
        E::CertificateRefused, 4013, R::Signature);
    row("ServerHello v2: self-signed server cert", SH, 2, serverHelloV2(m_ca->cert),
        E::CertificateRefused, 4013, R::CaTrusted);
    {
        json::Value raw = m_serverCert->raw();
        json::Value desc = *raw.find(S("desc"));
        desc.insert(S("names"), json::Value::array({json::Value(S("evil.test"))}));
        raw.insert(S("desc"), desc);
        row("ServerHello v2: cert names altered after signing", SH, 2,
            serverHello(2, arr(serverBox(serverPlain(certPayload(raw))))), E::CertificateRefused,
            4013, R::Signature);
    }
    row("ServerHello v2: cert for another host", SH, 2,
        serverHelloV2(signed_(*m_ca, m_server.publicKey, {S("other.test")}, {S("192.0.2.7")},
                              m_now + day, m_now - 1000)),
        E::EndpointMismatch, 4014, R::EndpointBinding);
    row("ServerHello v2: cert for a look-alike host (sws.test.evil.org)", SH, 2,
        serverHelloV2(signed_(*m_ca, m_server.publicKey, {S("sws.test.evil.org")}, {}, m_now + day,
                              m_now - 1000)),
        E::EndpointMismatch, 4014, R::EndpointBinding);
    row("ServerHello v2: cert for another key", SH, 2,
        serverHelloV2(signed_(*m_ca, BoxKeyPair::generate().publicKey, {S("sws.test")},
                              {S("127.0.0.1")}, m_now + day, m_now - 1000)),
        E::CertificateRefused, 4013, R::KeyBinding);
    row("ServerHello v2: expired cert", SH, 2,
        serverHelloV2(signed_(*m_ca, m_server.publicKey, {S("sws.test")}, {S("127.0.0.1")},
                              m_now - 1, m_now - 2 * day)),
        E::CertificateRefused, 4013, R::Expiry);
    row("ServerHello v2: client cert required, none configured", SH, 2,
        serverHelloV2(*m_serverCert), E::LocalConfiguration, 4030, {}, true, false);
    row("ServerHello: binary frame", SH, 1, sbox, E::BinaryDuringHandshake, 1003, {}, true, true,
        Input::Binary);
    row("ServerHello: timeout", SH, 1, {}, E::HandshakeTimeout, 4015, {}, true, true,
        Input::Timeout);

    // ClientReady, at the server.
    const QByteArray cbox = clientBox(clientPlain());
    row("ClientReady: ClientHello repeated", CR, 1, clientHello(1), E::UnexpectedOpcode, 4003);
    row("ClientReady: not JSON", CR, 1, "{opc:2}", E::MalformedJson, 4001);
    row("ClientReady: version 2 at a v1 server", CR, 1, clientReady(2, arr(cbox)),
        E::VersionMismatch, 4004);
    row("ClientReady: box element 1.5", CR, 1, clientReady(1, arrWith(cbox, 2, 1.5)),
        E::BadByteArray, 4007);
    row("ClientReady: box tampered (one bit)", CR, 1, clientReady(1, arr(flipBit(cbox, 40, 7))),
        E::BoxOpenFailed, 4009);
    row("ClientReady: box truncated", CR, 1, clientReady(1, arr(cbox.left(cbox.size() / 2))),
        E::BoxOpenFailed, 4009);
    row("ClientReady: box sealed with the ClientHello nonce", CR, 1,
        clientReady(1, arr(boxSeal(m_server.publicKey, m_client.secretKey, clientPlain(), m_nc))),
        E::BoxOpenFailed, 4009);
    row("ClientReady: server's own ServerHello box reflected", CR, 1,
        clientReady(1, arr(serverBox(serverPlain()))), E::BoxOpenFailed, 4009);
    row("ClientReady: box from another client key", CR, 1,
        clientReady(1, arr(boxSeal(m_server.publicKey, BoxKeyPair::generate().secretKey,
                                   clientPlain(), m_ns))),
        E::BoxOpenFailed, 4009);
    row("ClientReady: box of 8+31 bytes", CR, 1,
        clientReady(1, arr(clientBox(clientPlain().chopped(1)))), E::PlaintextTooShort, 4010);
    row("ClientReady v2: missing client cert ({})", CR, 2, clientReadyV2("{}"),
        E::CertificateMissing, 4012);
    row("ClientReady v2: no payload", CR, 2, clientReadyV2({}), E::CertificateMissing, 4012);
    row("ClientReady v2: cert JSON garbage", CR, 2, clientReadyV2("{\"desc\":[}"),
        E::CertificateMalformed, 4011);
    row("ClientReady v2: cert document malformed", CR, 2, clientReadyV2("{\"desc\":{},\"sign\":1}"),
        E::CertificateMalformed, 4011, R::Format);
    row("ClientReady v2: client cert by an untrusted CA", CR, 2,
        clientReadyV2(
            signed_(*m_evilCa, m_client.publicKey, {}, {S("10.0.0.2")}, m_now + day, m_now - 1000)
                .toBytes()),
        E::CertificateRefused, 4013, R::CaTrusted);
    row("ClientReady v2: self-signed client cert", CR, 2, clientReadyV2(m_evilCa->cert.toBytes()),
        E::CertificateRefused, 4013, R::CaTrusted);
    row("ClientReady v2: client cert for another key", CR, 2,
        clientReadyV2(
            signed_(*m_ca, m_server.publicKey, {}, {S("10.0.0.2")}, m_now + day, m_now - 1000)
                .toBytes()),
        E::CertificateRefused, 4013, R::KeyBinding);
    row("ClientReady v2: client cert for another address", CR, 2,
        clientReadyV2(
            signed_(*m_ca, m_client.publicKey, {}, {S("10.0.0.3")}, m_now + day, m_now - 1000)
                .toBytes()),
        E::EndpointMismatch, 4014, R::EndpointBinding);
    row("ClientReady v2: client cert matching only by host name", CR, 2,
        clientReadyV2(signed_(*m_ca, m_client.publicKey, {S("sws.test")}, {S("10.9.9.9")},
                              m_now + day, m_now - 1000)
                          .toBytes()),
        E::EndpointMismatch, 4014, R::EndpointBinding);
    row("ClientReady: binary frame", CR, 1, cbox, E::BinaryDuringHandshake, 1003, {}, true, true,
        Input::Binary);
    row("ClientReady: timeout", CR, 1, {}, E::HandshakeTimeout, 4015, {}, true, true,
        Input::Timeout);
}

// Every hostile message fails the handshake with its own error, code and rule; the reason is
// short and holds no secret; the failing message is recorded; and nothing is accepted after.
void tst_HandshakeHostile::hostileInput() {
    QFETCH(int, at);
    QFETCH(int, version);
    QFETCH(bool, requireCert);
    QFETCH(bool, ownCert);
    QFETCH(int, input);
    QFETCH(QByteArray, message);
    QFETCH(SessionError, error);
    QFETCH(int, closeCode);
    QFETCH(int, rule);

    const Role role = At(at) == At::ClientAwaitsServerHello ? Role::Client : Role::Server;
    ScriptedRandom rnd = script(role);
    Handshake hs(config(role, version, requireCert, ownCert, rnd));
    QVERIFY(!hs.start().failure);
    if (At(at) == At::ServerAwaitsClientReady) {
        auto hello = hs.receiveText(clientHello(version));
        QVERIFY(!hello.failure);
        // The server sealed what the fixture expects (the hostile rows rely on Ns).
        QCOMPARE(hello.records.at(1).boxNonce, m_ns);
    }
    const Handshake::State before = hs.state();

    Handshake::Output out = Input(input) == Input::Text     ? hs.receiveText(message)
                            : Input(input) == Input::Binary ? hs.receiveBinary(message)
                                                            : hs.timeout();
    QVERIFY(out.failure);
    QCOMPARE(sessionErrorName(out.failure->error), sessionErrorName(error));
    QCOMPARE(int(out.failure->error), int(error));
    QCOMPARE(int(out.failure->closeCode), closeCode);
    QCOMPARE(out.failure->rule ? int(*out.failure->rule) : -1, rule);
    QVERIFY(!out.failure->reason.isEmpty());
    QVERIFY(out.failure->reason.toUtf8().size() <= 123);
    verifyNoSecrets(out.failure->reason);
    QVERIFY(out.send.empty());
    QVERIFY(!out.secured);
    QCOMPARE(hs.state(), Handshake::State::Failed);
    QVERIFY(!hs.takeSession().rx.isValid());

    if (Input(input) == Input::Timeout) {
        QVERIFY(out.records.empty());
    } else {
        QCOMPARE(out.records.size(), std::size_t(1));
        const HandshakeRecord &r = out.records[0];
        QCOMPARE(r.direction, HandshakeRecord::Direction::Received);
        QCOMPARE(r.step, before == Handshake::State::AwaitServerHello ? HandshakeStep::ServerHello
                         : before == Handshake::State::AwaitClientHello
                             ? HandshakeStep::ClientHello
                             : HandshakeStep::ClientReady);
        QVERIFY(r.failure);
        QCOMPARE(int(r.failure->error), int(error));
        QCOMPARE(r.rawJson, message.left(qsizetype(64) * 1024));
    }

    // Input after Failed: refused with the same failure, no state change, nothing recorded.
    const QByteArray valid = role == Role::Client
                                 ? serverHello(version, arr(serverBox(serverPlain())))
                                 : clientHello(version);
    for (Handshake::Output again :
         {hs.receiveText(valid), hs.receiveBinary(valid), hs.timeout(), hs.start()}) {
        QVERIFY(again.failure);
        QCOMPARE(int(again.failure->error), int(error));
        QCOMPARE(again.failure->reason, out.failure->reason);
        QVERIFY(again.send.empty() && again.records.empty() && !again.secured);
        QCOMPARE(hs.state(), Handshake::State::Failed);
    }
}

void tst_HandshakeHostile::startRefusesBadConfiguration_data() {
    QTest::addColumn<int>("role");
    QTest::addColumn<QString>("change");
    QTest::newRow("v2 server without certificate") << int(Role::Server) << S("no cert");
    QTest::newRow("v2 server with a certificate for another key")
        << int(Role::Server) << S("cert for other key");
    QTest::newRow("version 0") << int(Role::Client) << S("version 0");
    QTest::newRow("version 3 server") << int(Role::Server) << S("version 3");
    QTest::newRow("client key pair mismatched") << int(Role::Client) << S("mismatched keys");
    QTest::newRow("server key pair empty") << int(Role::Server) << S("empty keys");
}

void tst_HandshakeHostile::startRefusesBadConfiguration() {
    QFETCH(int, role);
    QFETCH(QString, change);
    ScriptedRandom rnd;
    HandshakeConfig c = config(Role(role), 2, false, true, rnd);
    if (change == S("no cert"))
        c.certificate.reset();
    else if (change == S("cert for other key"))
        c.certificate = m_clientCert;
    else if (change == S("version 0"))
        c.version = 0;
    else if (change == S("version 3"))
        c.version = 3;
    else if (change == S("mismatched keys"))
        c.keyPair.publicKey = m_server.publicKey;
    else if (change == S("empty keys"))
        c.keyPair = BoxKeyPair{};
    Handshake hs(std::move(c));
    auto out = hs.start();
    QVERIFY(out.failure);
    QCOMPARE(int(out.failure->error), int(SessionError::LocalConfiguration));
    QCOMPARE(int(out.failure->closeCode), 4030);
    QVERIFY(out.send.empty() && out.records.empty());
    QCOMPARE(hs.state(), Handshake::State::Failed);
    QVERIFY(rnd.used()); // no nonce was drawn
}

void tst_HandshakeHostile::inputAfterFinishIsRefused_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("error"); // -1: ignored without failure
    QTest::newRow("Secured, text") << S("text") << int(SessionError::TextAfterHandshake);
    QTest::newRow("Secured, binary") << S("binary") << int(SessionError::LocalConfiguration);
    QTest::newRow("Secured, start again") << S("start") << int(SessionError::LocalConfiguration);
    QTest::newRow("Secured, late timeout") << S("timeout") << -1;
}

// Failed is covered by hostileInput; here a secured handshake refuses more input and stays
// secured, its session still available.
void tst_HandshakeHostile::inputAfterFinishIsRefused() {
    QFETCH(QString, input);
    QFETCH(int, error);
    ScriptedRandom none;
    HandshakeConfig cc = config(Role::Client, 1, false, true, none);
    HandshakeConfig sc = config(Role::Server, 1, false, true, none);
    cc.random = sc.random = nullptr;
    Handshake client(std::move(cc));
    Handshake server(std::move(sc));
    secured(client, server, nullptr);
    if (QTest::currentTestFailed())
        return;
    for (Handshake *hs : {&client, &server}) {
        const Handshake::Output out = input == S("text")     ? hs->receiveText(clientHello(1))
                                      : input == S("binary") ? hs->receiveBinary("\x01\x02")
                                      : input == S("start")  ? hs->start()
                                                             : hs->timeout();
        QCOMPARE(out.failure ? int(out.failure->error) : -1, error);
        QVERIFY(out.send.empty() && out.records.empty() && !out.secured);
        QCOMPARE(hs->state(), Handshake::State::Secured);
        QVERIFY(hs->takeSession().tx.isValid());
    }
}

QTEST_GUILESS_MAIN(tst_HandshakeHostile)
#include "tst_handshakehostile.moc"
