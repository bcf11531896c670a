#pragma once

#include "benchoptions.h"
#include "benchreport.h"

#include <QString>

namespace sws::bench {

// The client side of a run: makes the key material, starts every server in its own process
// (pinned to its own core), and runs each measurement for every transport in turn, `repeat`
// times over, keeping the best result of each (interleaving spreads background load evenly
// over the transports being compared).
class Driver {
public:
    Driver(Options options, QString dir);
    bool prepare(QString *error);
    QString setupLine() const;
    QList<TransportResults> run();

private:
    struct Live;
    QString whyNot(Transport t) const;
    QStringList serverCommand(Transport t) const;
    bool startServer(Transport t, Live *live, QString *error);
    void echoPhase(QList<TransportResults> &results);
    void handshakePhase(QList<TransportResults> &results);
    void memoryPhase(QList<TransportResults> &results);

    Options m_opt;
    QString m_dir;
    bool m_tlsReady = false;
    QString m_tlsError;
    int m_serverCpu = -1;
    QString m_pinned;
    QString m_nodeVersion;
    qint64 m_fileLimit = 0;
};

} // namespace sws::bench
