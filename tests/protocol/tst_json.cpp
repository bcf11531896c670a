// The order-preserving JSON value: strict parsing and a serializer byte-identical to
// ECMAScript JSON.stringify. The expected strings come from running node
// (tests/interop/json-cases.js, committed as json-cases.json).
#include "json/json.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <cmath>
#include <limits>

using namespace sws;

namespace {
const QString kCasesFile = QStringLiteral(SWS_SOURCE_DIR "/tests/interop/json-cases.json");
}

class tst_Json : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesJsonStringify_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QFile f(kCasesFile);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(kCasesFile));
        // The outer file is read with Qt's own reader: only the hex fields matter here.
        const QJsonArray cases = QJsonDocument::fromJson(f.readAll()).array();
        QVERIFY(cases.size() >= 40);
        for (const auto &c : cases) {
            const QJsonObject o = c.toObject();
            QTest::newRow(qPrintable(o.value(QStringLiteral("name")).toString()))
                << QByteArray::fromHex(
                       o.value(QStringLiteral("input_utf8_hex")).toString().toLatin1())
                << QByteArray::fromHex(
                       o.value(QStringLiteral("expected_utf8_hex")).toString().toLatin1());
        }
    }
    void matchesJsonStringify() {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        auto v = json::parse(input);
        if (QByteArray(QTest::currentDataTag()).contains("duplicate")) {
            // Stricter than JS on purpose: a document with duplicate keys could be read
            // differently by two parsers, so it is refused rather than half-read.
            QVERIFY(!v);
            QCOMPARE(v.error().message, QStringLiteral("duplicate key"));
            return;
        }
        QVERIFY2(v, v ? "" : qPrintable(v.error().message));
        QCOMPARE(json::serialize(*v), expected);
        // Serializing is a fixed point: parse(serialize(x)) serializes the same.
        auto again = json::parse(expected);
        QVERIFY(again);
        QCOMPARE(json::serialize(*again), expected);
    }

    // The committed table is what node prints today (skipped only where node is absent).
    void tableIsNodesOutput() {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString modules =
            QStringLiteral(SWS_SOURCE_DIR "/tests/interop/node_modules/nacl-cert");
        if (node.isEmpty() || !QFile::exists(modules))
            QSKIP("node or tests/interop/node_modules missing (scripts/deps.sh installs them)");
        QProcess p;
        p.setWorkingDirectory(QStringLiteral(SWS_SOURCE_DIR "/tests/interop"));
        p.start(node, {QStringLiteral("json-cases.js")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QFile f(kCasesFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(p.readAllStandardOutput(), f.readAll());
    }

    void numberToString_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << 0.0 << QStringLiteral("0");
        QTest::newRow("negative-zero") << -0.0 << QStringLiteral("0");
        QTest::newRow("1e21") << 1e21 << QStringLiteral("1e+21");
        QTest::newRow("1e20") << 1e20 << QStringLiteral("100000000000000000000");
        QTest::newRow("1.5e-7") << 1.5e-7 << QStringLiteral("1.5e-7");
        QTest::newRow("1e-6") << 1e-6 << QStringLiteral("0.000001");
        QTest::newRow("1e-7") << 1e-7 << QStringLiteral("1e-7");
        QTest::newRow("0.1") << 0.1 << QStringLiteral("0.1");
        QTest::newRow("0.1+0.2") << 0.1 + 0.2 << QStringLiteral("0.30000000000000004");
        QTest::newRow("min-denormal") << 5e-324 << QStringLiteral("5e-324");
        QTest::newRow("max") << 1.7976931348623157e308 << QStringLiteral("1.7976931348623157e+308");
        QTest::newRow("2^53") << 9007199254740992.0 << QStringLiteral("9007199254740992");
        QTest::newRow("negative") << -123.456 << QStringLiteral("-123.456");
        QTest::newRow("nan") << std::nan("") << QStringLiteral("NaN");
        QTest::newRow("inf") << std::numeric_limits<double>::infinity()
                             << QStringLiteral("Infinity");
    }
    void numberToString() {
        QFETCH(double, value);
        QFETCH(QString, expected);
        QCOMPARE(json::numberToString(value), expected);
    }

    void nonFiniteSerializesAsNull() {
        auto arr = json::Value::array(
            {json::Value(std::numeric_limits<double>::infinity()), json::Value(std::nan(""))});
        QCOMPARE(json::serialize(arr), QByteArray("[null,null]"));
    }

    void refused_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("empty") << QByteArray("");
        QTest::newRow("trailing-garbage") << QByteArray("{} x");
        QTest::newRow("two-values") << QByteArray("1 2");
        QTest::newRow("trailing-comma-object") << QByteArray(R"({"a":1,})");
        QTest::newRow("trailing-comma-array") << QByteArray("[1,]");
        QTest::newRow("single-quotes") << QByteArray("{'a':1}");
        QTest::newRow("unquoted-key") << QByteArray("{a:1}");
        QTest::newRow("duplicate-key") << QByteArray(R"({"a":1,"a":2})");
        QTest::newRow("duplicate-key-escaped") << QByteArray(R"({"a":1,"\u0061":2})");
        QTest::newRow("leading-zero") << QByteArray("01");
        QTest::newRow("bare-dot") << QByteArray("1.");
        QTest::newRow("leading-dot") << QByteArray(".5");
        QTest::newRow("plus") << QByteArray("+1");
        QTest::newRow("nan-literal") << QByteArray("NaN");
        QTest::newRow("infinity-literal") << QByteArray("Infinity");
        QTest::newRow("hex-number") << QByteArray("0x10");
        QTest::newRow("raw-control-char") << QByteArray("\"a\x01\"");
        QTest::newRow("raw-newline") << QByteArray("\"a\nb\"");
        QTest::newRow("bad-escape") << QByteArray(R"("\x41")");
        QTest::newRow("short-unicode-escape") << QByteArray(R"("\u12")");
        QTest::newRow("unterminated-string") << QByteArray("\"abc");
        QTest::newRow("unterminated-array") << QByteArray("[1,2");
        QTest::newRow("invalid-utf8") << QByteArray("\"\xff\"");
        QTest::newRow("overlong-utf8") << QByteArray("\"\xc0\xaf\"");
        QTest::newRow("utf8-surrogate") << QByteArray("\"\xed\xa0\x80\"");
        QTest::newRow("truncated-utf8") << QByteArray("\"\xe4\xb8\"");
        QTest::newRow("true-typo") << QByteArray("tru");
        QTest::newRow("too-deep") << QByteArray(65, '[') + QByteArray(65, ']');
    }
    void refused() {
        QFETCH(QByteArray, input);
        auto v = json::parse(input);
        QVERIFY(!v);
        QVERIFY(!v.error().message.isEmpty());
        QVERIFY(v.error().offset >= 0 && v.error().offset <= input.size());
    }

    void depthLimitIsExact() {
        const QByteArray ok = QByteArray(64, '[') + QByteArray(64, ']');
        QVERIFY(json::parse(ok));
        json::ParseLimits tight;
        tight.maxDepth = 3;
        QVERIFY(json::parse("[[[1]]]", tight));
        QVERIFY(!json::parse("[[[[1]]]]", tight));
    }

    void sizeLimit() {
        json::ParseLimits limits;
        limits.maxBytes = 10;
        QVERIFY(json::parse("[1,2,3,4]", limits));      // 9 bytes
        QVERIFY(json::parse("[1,2,3,4 ]", limits));     // 10 bytes: at the limit
        auto over = json::parse("[1,2,3,4,5]", limits); // 11 bytes
        QVERIFY(!over);
        QCOMPARE(over.error().message, QStringLiteral("document too large"));
    }

    void duplicateKeyInLargeObject() {
        // Past the linear-search threshold the duplicate check must still catch it.
        QByteArray doc = "{";
        for (int i = 0; i < 100; ++i)
            doc += "\"k" + QByteArray::number(i) + "\":" + QByteArray::number(i) + ",";
        QByteArray withDup = doc + "\"k57\":0}";
        doc += "\"last\":0}";
        QVERIFY(json::parse(doc));
        auto dup = json::parse(withDup);
        QVERIFY(!dup);
        QCOMPARE(dup.error().message, QStringLiteral("duplicate key"));
    }

    void hugeNumbersBecomeInfinityOrZero() {
        auto big = json::parse("[1e400,-1e400,1e-400,0.0000e999]");
        QVERIFY(big);
        QVERIFY(std::isinf(big->items()[0].toNumber()) && big->items()[0].toNumber() > 0);
        QVERIFY(std::isinf(big->items()[1].toNumber()) && big->items()[1].toNumber() < 0);
        QCOMPARE(big->items()[2].toNumber(), 0.0);
        QCOMPARE(json::serialize(*big), QByteArray("[null,null,0,0]"));
    }

    void insertKeepsPosition() {
        auto o = json::Value::object();
        o.insert(QStringLiteral("b"), 1);
        o.insert(QStringLiteral("a"), 2);
        o.insert(QStringLiteral("b"), 3);
        o.insert(QStringLiteral("7"), true);
        QCOMPARE(json::serialize(o), QByteArray(R"({"7":true,"b":3,"a":2})"));
        QVERIFY(o.find(QStringLiteral("a")));
        QVERIFY(!o.find(QStringLiteral("z")));
    }

    void copyOnWrite() {
        auto a = json::Value::array({json::Value(1)});
        json::Value b = a;
        b.append(json::Value(2));
        QCOMPARE(a.size(), 1);
        QCOMPARE(b.size(), 2);
    }

    void byteArrays_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("error"); // -1: accepted
        QTest::newRow("ok") << QByteArray("[0,1,255]") << 3 << -1;
        QTest::newRow("any-length") << QByteArray("[7,8]") << -1 << -1;
        QTest::newRow("empty") << QByteArray("[]") << 0 << -1;
        QTest::newRow("not-array")
            << QByteArray(R"("abc")") << -1 << int(json::BytesError::NotArray);
        QTest::newRow("too-big") << QByteArray("[256]") << -1 << int(json::BytesError::BadElement);
        QTest::newRow("negative") << QByteArray("[-1]") << -1 << int(json::BytesError::BadElement);
        QTest::newRow("fraction") << QByteArray("[1.5]") << -1 << int(json::BytesError::BadElement);
        QTest::newRow("string-element")
            << QByteArray(R"(["1"])") << -1 << int(json::BytesError::BadElement);
        QTest::newRow("null-element")
            << QByteArray("[null]") << -1 << int(json::BytesError::BadElement);
        QTest::newRow("wrong-length")
            << QByteArray("[1,2]") << 3 << int(json::BytesError::BadLength);
    }
    void byteArrays() {
        QFETCH(QByteArray, input);
        QFETCH(int, length);
        QFETCH(int, error);
        auto v = json::parse(input);
        QVERIFY(v);
        auto bytes = json::arrayToBytes(*v, length);
        if (error < 0) {
            QVERIFY(bytes);
            QCOMPARE(json::serialize(json::bytesToArray(*bytes)), input);
        } else {
            QVERIFY(!bytes);
            QCOMPARE(int(bytes.error()), error);
        }
    }

    void arrayIndexKeys_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("isIndex");
        QTest::newRow("0") << QStringLiteral("0") << true;
        QTest::newRow("max") << QStringLiteral("4294967294") << true;
        QTest::newRow("max+1") << QStringLiteral("4294967295") << false;
        QTest::newRow("leading-zero") << QStringLiteral("01") << false;
        QTest::newRow("negative") << QStringLiteral("-1") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("fraction") << QStringLiteral("1.5") << false;
        QTest::newRow("eleven-digits") << QStringLiteral("10000000000") << false;
    }
    void arrayIndexKeys() {
        QFETCH(QString, key);
        QFETCH(bool, isIndex);
        QCOMPARE(json::isArrayIndex(key), isIndex);
    }
};

QTEST_GUILESS_MAIN(tst_Json)
#include "tst_json.moc"
