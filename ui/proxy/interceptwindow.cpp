#include "proxy/interceptwindow.h"

#include "cert/keyfiles.h"
#include "proxy/inspectionca.h"
#include "proxy/interceptmodel.h"
#include "proxy/proxy.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

namespace sws::ui {

InterceptWindow::InterceptWindow(QWidget *parent)
    : QWidget(parent, Qt::Window) {
    setWindowTitle(tr("Intercept — SWS Desktop"));
    m_listen = new QLineEdit(QStringLiteral("127.0.0.1:0"), this);
    m_upstream = new QLineEdit(this);
    m_upstream->setPlaceholderText(QStringLiteral("ws://127.0.0.1:8080/"));
    m_ca = new QLineEdit(this);
    m_ca->setPlaceholderText(tr("empty: version 1; a CA-CERT.json file: version 2"));
    m_ca->setToolTip(tr("Version 2: the upstream's certificate must be signed by this CA; clients "
                        "must trust the profile's inspection CA"));
    m_start = new QPushButton(tr("&Start"), this);
    m_status = new QLabel(tr("The client connects to the proxy instead of the server; the proxy "
                             "sees every message in plaintext."),
                          this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pause = new QCheckBox(tr("&Pause: hold every message until forwarded or dropped"), this);
    m_table = new QTableView(this);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setAccessibleName(tr("Messages"));
    m_editor = new QPlainTextEdit(this);
    m_editor->setPlaceholderText(tr("The selected message; edit it before forwarding, or write a "
                                    "message to inject"));
    m_editor->setMaximumHeight(120);
    m_editor->setAccessibleName(tr("Message text"));
    m_forward = new QPushButton(tr("&Forward"), this);
    m_drop = new QPushButton(tr("&Drop"), this);
    m_replay = new QPushButton(tr("&Replay"), this);
    m_injectServer = new QPushButton(tr("Inject → &server"), this);
    m_injectClient = new QPushButton(tr("Inject → &client"), this);
    m_export = new QPushButton(tr("&Export…"), this);
    m_export->setToolTip(tr("Save every session's handshakes, messages and closes as JSON"));
    m_clientHandshake = new QListWidget(this);
    m_clientHandshake->setAccessibleName(tr("Client-side handshake"));
    m_upstreamHandshake = new QListWidget(this);
    m_upstreamHandshake->setAccessibleName(tr("Upstream-side handshake"));
    auto *handshakes = new QGridLayout;
    auto *clientLabel = new QLabel(tr("Handshake with the cl&ient:"), this);
    clientLabel->setBuddy(m_clientHandshake);
    auto *upstreamLabel = new QLabel(tr("Handshake with the ups&tream server:"), this);
    upstreamLabel->setBuddy(m_upstreamHandshake);
    handshakes->addWidget(clientLabel, 0, 0);
    handshakes->addWidget(upstreamLabel, 0, 1);
    handshakes->addWidget(m_clientHandshake, 1, 0);
    handshakes->addWidget(m_upstreamHandshake, 1, 1);
    for (QListWidget *l : {m_clientHandshake, m_upstreamHandshake})
        l->setMaximumHeight(130);

    auto *form = new QFormLayout;
    form->addRow(tr("&Listen on:"), m_listen);
    form->addRow(tr("&Upstream server:"), m_upstream);
    form->addRow(tr("Upstream &CA:"), m_ca);
    auto *top = new QHBoxLayout;
    top->addLayout(form, 1);
    top->addWidget(m_start, 0, Qt::AlignBottom);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_forward, m_drop, m_replay, m_injectServer, m_injectClient})
        buttons->addWidget(b);
    buttons->addStretch(1);
    buttons->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(m_pause);
    layout->addWidget(m_table, 1);
    layout->addLayout(handshakes);
    layout->addWidget(m_editor);
    layout->addLayout(buttons);

    connect(m_start, &QPushButton::clicked, this, &InterceptWindow::start);
    connect(m_pause, &QCheckBox::toggled, this, &InterceptWindow::setPaused);
    connect(m_forward, &QPushButton::clicked, this, &InterceptWindow::forwardSelected);
    connect(m_drop, &QPushButton::clicked, this, &InterceptWindow::dropSelected);
    connect(m_replay, &QPushButton::clicked, this, &InterceptWindow::replaySelected);
    connect(m_injectServer, &QPushButton::clicked, this, &InterceptWindow::injectToServer);
    connect(m_injectClient, &QPushButton::clicked, this, &InterceptWindow::injectToClient);
    connect(m_export, &QPushButton::clicked, this, &InterceptWindow::exportTranscriptAs);
    resize(820, 700);
    updateButtons();
}

InterceptWindow::~InterceptWindow() = default;

bool InterceptWindow::start() {
    if (m_proxy)
        return true;
    const QString listen = m_listen->text().trimmed();
    const int colon = listen.lastIndexOf(QLatin1Char(':'));
    QHostAddress host;
    bool portOk = false;
    const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&portOk) : 0;
    if (colon <= 0 || !portOk || port > 65535 ||
        !host.setAddress(listen.left(colon).remove(QLatin1Char('[')).remove(QLatin1Char(']')))) {
        m_status->setText(tr("Listen on HOST:PORT, for example 127.0.0.1:9000."));
        return false;
    }
    const QUrl upstream(m_upstream->text().trimmed(), QUrl::StrictMode);
    if (!upstream.isValid() || upstream.scheme() != QLatin1String("ws") ||
        upstream.host().isEmpty()) {
        m_status->setText(tr("The upstream server is a ws://HOST:PORT/PATH URL."));
        return false;
    }
    ProxyConfig cfg;
    cfg.listen.session.keyPair = BoxKeyPair::generate();
    cfg.listen.path = upstream.path();
    cfg.upstream = upstream;
    cfg.upstreamSession.keyPair = BoxKeyPair::generate();
    QString v2Note;
    if (const QString caPath = m_ca->text().trimmed(); !caPath.isEmpty()) {
        auto ca = keyfiles::readCertificate(caPath);
        if (!ca) {
            m_status->setText(ca.error().message);
            return false;
        }
        auto id = issueInspectionIdentity(Profile(Profile::resolveDirectory()), upstream, host,
                                          QDateTime::currentMSecsSinceEpoch());
        if (!id) {
            m_status->setText(id.error());
            return false;
        }
        cfg.upstreamSession.version = 2;
        cfg.upstreamSession.trustedCas = {*ca};
        cfg.listen.session.version = 2;
        cfg.listen.session.keyPair = std::move(id->keyPair);
        cfg.listen.session.certificate = id->certificate;
        m_inspectionCa = id->caCert;
        v2Note = tr(" Version 2: clients must trust the inspection CA %1.").arg(id->caCertPath);
    }
    auto proxy = std::make_unique<Proxy>(std::move(cfg));
    if (!proxy->listen(host, quint16(port))) {
        m_status->setText(tr("Cannot listen on %1: %2").arg(listen, proxy->errorString()));
        return false;
    }
    m_proxy = std::move(proxy);
    m_proxy->setPaused(m_pause->isChecked());
    m_model = new InterceptModel(m_proxy.get(), this);
    m_table->setModel(m_model);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { showSelected(); });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] { updateButtons(); });
    connect(m_model, &InterceptModel::handshakeChanged, this, [this](int session) {
        if (session == shownSession())
            showHandshakes();
    });
    connect(m_proxy.get(), &Proxy::sessionOpened, this, [this](int id) {
        m_lastSession = id;
        if (selectedRow() < 0)
            showHandshakes();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] { updateButtons(); });
    connect(m_proxy.get(), &Proxy::closed, this,
            [this](int id, Proxy::Side side, quint16 code, const QString &reason) {
                m_status->setText(tr("Session %1: the %2 closed (code %3) %4")
                                      .arg(id)
                                      .arg(Proxy::sideName(side))
                                      .arg(code)
                                      .arg(reason));
            });
    m_listen->setEnabled(false);
    m_upstream->setEnabled(false);
    m_ca->setEnabled(false);
    m_start->setEnabled(false);
    m_status->setText(tr("Listening on %1 for %2. Point the client at the proxy's address.")
                          .arg(m_proxy->serverUrl().toString(), upstream.toString()) +
                      v2Note);
    updateButtons();
    return true;
}

void InterceptWindow::setPaused(bool paused) {
    if (m_pause->isChecked() != paused)
        m_pause->setChecked(paused); // comes back here through toggled
    else if (m_proxy)
        m_proxy->setPaused(paused);
}

int InterceptWindow::selectedRow() const {
    if (!m_model || !m_table->selectionModel())
        return -1;
    const QModelIndex i = m_table->selectionModel()->currentIndex();
    return i.isValid() ? i.row() : -1;
}

void InterceptWindow::showSelected() {
    const int r = selectedRow();
    m_editor->setPlainText(r >= 0 ? InterceptModel::preview(m_model->row(r).bytes) : QString());
    updateButtons();
    showHandshakes();
}

int InterceptWindow::shownSession() const {
    if (!m_model)
        return 0;
    if (const int r = selectedRow(); r >= 0)
        return m_model->row(r).session;
    return m_lastSession;
}

void InterceptWindow::showHandshakes() {
    const int session = shownSession();
    const auto fill = [this, session](QListWidget *list, Proxy::Side side) {
        list->clear();
        if (session <= 0)
            return;
        for (const InterceptModel::HandshakeEvent &e : m_model->handshake(session, side))
            list->addItem(QStringLiteral("%1  %2").arg(
                QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(QStringLiteral("HH:mm:ss.zzz")),
                e.stage));
    };
    fill(m_clientHandshake, Proxy::Side::Client);
    fill(m_upstreamHandshake, Proxy::Side::Upstream);
}

bool InterceptWindow::exportTranscript(const QString &path) {
    if (!m_model) {
        m_status->setText(tr("Nothing to export: the proxy has not started."));
        return false;
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(QJsonDocument(m_model->transcript()).toJson()) < 0 || !f.commit()) {
        m_status->setText(tr("Cannot write %1: %2").arg(path, f.errorString()));
        return false;
    }
    m_status->setText(tr("Transcript saved to %1.").arg(path));
    return true;
}

void InterceptWindow::exportTranscriptAs() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export transcript"), QString(),
                                                      tr("JSON transcript (*.json)"));
    if (!path.isEmpty())
        exportTranscript(path);
}

void InterceptWindow::forwardSelected() {
    const int r = selectedRow();
    if (r < 0 || m_model->row(r).status != InterceptModel::Status::Held)
        return;
    const InterceptModel::Row row = m_model->row(r);
    const QByteArray edited = m_editor->toPlainText().toUtf8();
    if (m_editor->toPlainText() != InterceptModel::preview(row.bytes) &&
        m_proxy->editHeld(row.session, row.direction, row.seq, edited))
        m_model->setBytes(r, edited);
    m_proxy->releaseHeld(row.session, row.direction, row.seq);
}

void InterceptWindow::dropSelected() {
    const int r = selectedRow();
    if (r < 0 || m_model->row(r).status != InterceptModel::Status::Held)
        return;
    const InterceptModel::Row row = m_model->row(r);
    m_proxy->dropHeld(row.session, row.direction, row.seq);
}

void InterceptWindow::replaySelected() {
    const int r = selectedRow();
    if (r < 0)
        return;
    const InterceptModel::Row row = m_model->row(r);
    if (m_proxy->inject(row.session, row.direction, row.bytes))
        m_model->addInjected(row.session, row.direction, row.bytes);
    else
        m_status->setText(tr("Session %1 is closed.").arg(row.session));
}

void InterceptWindow::inject(bool toServer) {
    const int r = selectedRow();
    if (r < 0)
        return;
    const int session = m_model->row(r).session;
    const auto dir = toServer ? Proxy::Direction::ClientToServer : Proxy::Direction::ServerToClient;
    const QByteArray bytes = m_editor->toPlainText().toUtf8();
    if (m_proxy->inject(session, dir, bytes))
        m_model->addInjected(session, dir, bytes);
    else
        m_status->setText(tr("Session %1 is closed.").arg(session));
}

void InterceptWindow::injectToServer() {
    inject(true);
}

void InterceptWindow::injectToClient() {
    inject(false);
}

void InterceptWindow::updateButtons() {
    const int r = selectedRow();
    const bool held = r >= 0 && m_model->row(r).status == InterceptModel::Status::Held;
    m_forward->setEnabled(held);
    m_drop->setEnabled(held);
    for (QPushButton *b : {m_replay, m_injectServer, m_injectClient})
        b->setEnabled(r >= 0);
    m_export->setEnabled(m_model != nullptr);
}

} // namespace sws::ui
