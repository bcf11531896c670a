// payload::describe/classify: the table of what the desktop app shows for a peer's bytes,
// and the MessagePack string codec round trip at every header size.
#include "chat/payloadformat.h"

#include <QTest>

using namespace sws;
using payload::Format;

namespace {
QByteArray bytes(std::initializer_list<int> list) {
    QByteArray b;
    for (int v : list)
        b.append(static_cast<char>(v));
    return b;
}
} // namespace

class tst_PayloadFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void describe_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<Format>("format");
        QTest::addColumn<QString>("display");

        QTest::newRow("ascii text")
            << QByteArray("hello") << Format::Text << QStringLiteral("hello");
        QTest::newRow("utf8 text")
            << QStringLiteral("grüß 你好").toUtf8() << Format::Text << QStringLiteral("grüß 你好");
        QTest::newRow("text with newline and tab")
            << QByteArray("a\tb\nc") << Format::Text << QStringLiteral("a\tb\nc");
        QTest::newRow("empty") << QByteArray() << Format::Text << QString();
        QTest::newRow("fixstr") << (bytes({0xa5}) + "hello") << Format::Msgpack
                                << QStringLiteral("hello");
        QTest::newRow("fixstr empty") << bytes({0xa0}) << Format::Msgpack << QString();
        QTest::newRow("fixstr utf8") << (bytes({0xa3}) + QStringLiteral("ü!").toUtf8())
                                     << Format::Msgpack << QStringLiteral("ü!");
        QTest::newRow("str8") << (bytes({0xd9, 0x03}) + "abc") << Format::Msgpack
                              << QStringLiteral("abc");
        QTest::newRow("str16") << (bytes({0xda, 0x00, 0x02}) + "hi") << Format::Msgpack
                               << QStringLiteral("hi");
        QTest::newRow("str32") << (bytes({0xdb, 0x00, 0x00, 0x00, 0x01}) + "x") << Format::Msgpack
                               << QStringLiteral("x");
        // 0xd9 0x85 is also the UTF-8 letter U+0645: the exact msgpack length decides.
        QTest::newRow("str8 that is valid utf8")
            << (bytes({0xd9, 0x85}) + QByteArray(0x85, 'a')) << Format::Msgpack
            << QString(0x85, QLatin1Char('a'));
        QTest::newRow("msgpack control escaped")
            << (bytes({0xa2, 0x01, 'z'})) << Format::Msgpack << QStringLiteral("\\u0001z");
        QTest::newRow("fixstr length too long")
            << (bytes({0xa6}) + "hello") << Format::Binary << QStringLiteral("a6 68 65 6c 6c 6f");
        QTest::newRow("str8 trailing byte")
            << (bytes({0xd9, 0x01}) + "ab") << Format::Binary << QStringLiteral("d9 01 61 62");
        QTest::newRow("str16 truncated header")
            << bytes({0xda, 0x00}) << Format::Binary << QStringLiteral("da 00");
        QTest::newRow("msgpack with invalid utf8 inside")
            << bytes({0xa2, 0xc3, 0x28}) << Format::Binary << QStringLiteral("a2 c3 28");
        QTest::newRow("msgpack positive fixint")
            << bytes({0x05}) << Format::Binary << QStringLiteral("05");
        QTest::newRow("msgpack map")
            << bytes({0x81, 0xa1, 'a', 0x01}) << Format::Binary << QStringLiteral("81 a1 61 01");
        QTest::newRow("invalid utf8")
            << bytes({0xff, 0xfe, 0x00}) << Format::Binary << QStringLiteral("ff fe 00");
        QTest::newRow("nul inside ascii")
            << QByteArray("ab\0cd", 5) << Format::Binary << QStringLiteral("61 62 00 63 64");
        QTest::newRow("bell control") << QByteArray("\a") << Format::Binary << QStringLiteral("07");
        QTest::newRow("overlong utf8")
            << bytes({0xc0, 0xaf}) << Format::Binary << QStringLiteral("c0 af");
        QTest::newRow("lone surrogate utf8")
            << bytes({0xed, 0xa0, 0x80}) << Format::Binary << QStringLiteral("ed a0 80");
    }
    void describe() {
        QFETCH(QByteArray, input);
        QFETCH(Format, format);
        QFETCH(QString, display);
        QCOMPARE(payload::classify(input), format);
        const payload::Display d = payload::describe(input);
        QCOMPARE(d.format, format);
        QCOMPARE(d.text, display);
        QVERIFY(!d.truncated);
    }

    void truncation_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("maxChars");
        QTest::addColumn<QString>("display");
        QTest::newRow("text") << QByteArray("abcdef") << 3 << QStringLiteral("abc\u2026");
        QTest::newRow("msgpack") << (bytes({0xa6}) + "abcdef") << 2 << QStringLiteral("ab\u2026");
        QTest::newRow("binary cut on a byte")
            << bytes({0, 1, 2, 3}) << 7 << QStringLiteral("00 01 \u2026");
    }
    void truncation() {
        QFETCH(QByteArray, input);
        QFETCH(int, maxChars);
        QFETCH(QString, display);
        const payload::Display d = payload::describe(input, maxChars);
        QCOMPARE(d.text, display);
        QVERIFY(d.truncated);
    }

    void roundTrip_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("headerBytes");
        QTest::newRow("fixstr 0") << 0 << 1;
        QTest::newRow("fixstr 31") << 31 << 1;
        QTest::newRow("str8 32") << 32 << 2;
        QTest::newRow("str8 255") << 255 << 2;
        QTest::newRow("str16 256") << 256 << 3;
        QTest::newRow("str16 65535") << 65535 << 3;
        QTest::newRow("str32 65536") << 65536 << 5;
    }
    void roundTrip() {
        QFETCH(int, length);
        QFETCH(int, headerBytes);
        const QString text(length, QLatin1Char('q'));
        const QByteArray encoded = payload::encodeMsgpackString(text);
        QCOMPARE(encoded.size(), length + headerBytes);
        const auto decoded = payload::decodeMsgpackString(encoded);
        QVERIFY(decoded.has_value());
        QCOMPARE(*decoded, text.toUtf8());
        QCOMPARE(payload::classify(encoded), Format::Msgpack);
    }

    void hexPreview() {
        QCOMPARE(payload::hexPreview(bytes({0xab, 0x01})), QStringLiteral("ab 01"));
        QCOMPARE(payload::hexPreview(bytes({0xab, 0x01, 0x02}), 2), QStringLiteral("ab 01 \u2026"));
        QCOMPARE(payload::formatName(Format::Msgpack), QStringLiteral("msgpack"));
    }
};

QTEST_GUILESS_MAIN(tst_PayloadFormat)
#include "tst_payloadformat.moc"
