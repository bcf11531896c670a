#pragma once
// Throw-away PKI for the UI tests: a CA, an unrelated CA, a server key pair with a certificate
// for 127.0.0.1, and a client key pair with a certificate; optionally written as nacl-cert files.
#include "cert/keyfiles.h"
#include "cert/naclcert.h"

#include <QDateTime>
#include <QDir>
#include <QTest>

struct TestPki {
    sws::cert::CaKey ca;
    sws::cert::CaKey otherCa;
    sws::BoxKeyPair serverKeys = sws::BoxKeyPair::generate();
    sws::BoxKeyPair clientKeys = sws::BoxKeyPair::generate();
    sws::cert::Certificate serverCert;
    sws::cert::Certificate clientCert;      // signed by ca
    sws::cert::Certificate clientOtherCert; // signed by otherCa

    static qint64 now() { return QDateTime::currentMSecsSinceEpoch(); }

    static TestPki make() {
        const qint64 day = 86400000LL;
        TestPki p{sws::cert::generateCa(QStringLiteral("test-ca"), now() + day, now()),
                  sws::cert::generateCa(QStringLiteral("other-ca"), now() + day, now()),
                  sws::BoxKeyPair::generate(),
                  sws::BoxKeyPair::generate(),
                  {},
                  {},
                  {}};
        sws::cert::CertRequest req;
        req.publicKey = p.serverKeys.publicKey;
        req.names = {QStringLiteral("localhost")};
        req.ips = {QStringLiteral("127.0.0.1")};
        req.tteMs = now() + day / 2;
        p.serverCert = *sws::cert::sign(req, p.ca, now());
        req.publicKey = p.clientKeys.publicKey;
        p.clientCert = *sws::cert::sign(req, p.ca, now());
        p.clientOtherCert = *sws::cert::sign(req, p.otherCa, now());
        return p;
    }

    // NAME-cert.json, box-kp.json and NAME-ca-cert.json files as the reference CLI writes them.
    void write(const QString &dir) const {
        using namespace sws::keyfiles;
        const QDir d(dir);
        QVERIFY(writeBoxKeyPair(d.filePath(QStringLiteral("server-kp.json")), serverKeys, true));
        QVERIFY(writeCertificate(d.filePath(QStringLiteral("server-cert.json")), serverCert, true));
        QVERIFY(
            writeCertificate(d.filePath(caCertFileName(QStringLiteral("test"))), ca.cert, true));
        QVERIFY(writeCertificate(d.filePath(caCertFileName(QStringLiteral("other"))), otherCa.cert,
                                 true));
        QVERIFY(writeBoxKeyPair(d.filePath(QStringLiteral("client-kp.json")), clientKeys, true));
        QVERIFY(writeCertificate(d.filePath(QStringLiteral("client-cert.json")), clientCert, true));
    }
};
