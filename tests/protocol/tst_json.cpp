#include "json.h"

#include <QTest>

using namespace sws;

class tst_Json : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void smoke()
    {
        auto v = json::parse(R"({"b":1,"a":[1,2,3],"2":true,"1":null})");
        QVERIFY(v);
        QCOMPARE(json::serialize(*v), QByteArray(R"({"1":null,"2":true,"b":1,"a":[1,2,3]})"));
    }
};

QTEST_GUILESS_MAIN(tst_Json)
#include "tst_json.moc"
