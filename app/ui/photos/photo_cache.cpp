// PhotoCache: the loader's results onto the GPU (main thread only) and into the queue rows.
#include "ui/photos/photo_cache.h"

#include <algorithm>
#include <thread>

namespace pa::ui {

namespace {
constexpr std::size_t kMaxMeta = 256;

void give_to_rows(ReviewSession& session, const AnalysisRecord& rec, const std::string& sha, std::int64_t submission_id) {
  for (const auto& row : session.queue().all()) {
    const bool match = submission_id ? row.state.submission_id == submission_id
                                     : row.state.photo_sha256 == sha && !row.analyzed;
    if (!match) continue;
    QueueRow updated = row;
    apply_analysis(updated, updated.state.submission_id, rec.result_json, rec.ok);
    session.queue().update_row(updated);
    if (submission_id) break;
  }
}
}  // namespace

PhotoCache::PhotoCache(PhotoLoader::StoreFactory factory, std::string engine_version, bool gl)
    // Sized from what one screen needs, not from what the machine has: the review screen shows one
    // photo with its maps and keeps its neighbours and the reshoot round's earlier version ready
    // (six 480x640 photos with maps are 22 MB; 40 MB keeps the last ten or so); the contact sheet
    // shows at most about a hundred 256 px thumbnails (0.26 MB each with mipmaps). llvmpipe keeps
    // every texture in RAM, so these bounds are the workstation's memory too.
    : textures_(40u << 20, gl), thumbs_(48u << 20, gl, 0) {
  const int threads = std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  // Submissions without results for this engine version are analyzed in the background (the
  // loader lists them on a worker).
  loader_ = std::make_unique<PhotoLoader>(std::move(factory), threads, std::move(engine_version));
}

PhotoCache::~PhotoCache() { loader_.reset(); }

const PhotoMeta* PhotoCache::meta(const std::string& sha) const {
  auto it = meta_.find(sha);
  return it == meta_.end() ? nullptr : &it->second;
}

GpuPhoto* PhotoCache::thumbnail(const std::string& sha) {
  GpuPhoto* t = thumbs_.get(sha);
  if (!t) t = textures_.get(sha);
  if (!t) loader_->request(sha, LoadKind::thumb, 3, false);
  return t;
}

std::optional<AnalysisRecord> PhotoCache::record_for(const std::string& sha, std::int64_t submission_id) const {
  const PhotoMeta* m = meta(sha);
  if (!m || !m->record || m->record->engine_version.empty() || m->record->result_json.empty()) return std::nullopt;
  AnalysisRecord a = *m->record;
  a.submission_id = submission_id;
  return a;
}

void PhotoCache::request_around(const ReviewSession& session, const std::string& extra) {
  const auto& q = session.queue();
  auto pos = session.position();
  if (!pos) return;
  auto want = [&](std::size_t p, int prio) {
    if (p >= q.size()) return;
    const auto& sha = q.at(p).state.photo_sha256;
    if (sha.empty()) return;
    const PhotoMeta* m = meta(sha);
    if (!textures_.contains(sha) || !m || !(m->analyzed || !m->error.empty())) loader_->request(sha, LoadKind::full, prio);
  };
  want(*pos, 0);
  want(*pos + 1, 1);
  if (*pos > 0) want(*pos - 1, 1);
  want(*pos + 2, 2);
  if (!extra.empty() && !textures_.contains(extra)) loader_->request(extra, LoadKind::full, 1, false);
}

// Keeps what the UI needs of a photo: everything but its pixels (one assignment, then the pixel
// buffers are let go; the textures hold them on the GPU).
void PhotoCache::keep(const PhotoData& p, const std::set<std::string>& wanted) {
  auto& m = meta_[p.sha256];
  if (std::find(meta_order_.begin(), meta_order_.end(), p.sha256) == meta_order_.end()) meta_order_.push_back(p.sha256);
  if (m.analyzed && !p.analyzed) return;  // never replace an analyzed entry by a decoded-only one
  static_cast<PhotoData&>(m) = p;
  m.tex_width = p.rgba.cols;
  m.tex_height = p.rgba.rows;
  m.rgba.release();
  m.maps_a.release();
  m.maps_b.release();
  if (p.error.empty()) {
    // The decoded photo arrives first (upload the photo), the analysis later (upload the maps).
    if (textures_.contains(p.sha256))
      textures_.add_maps(p.sha256, p, wanted);
    else
      textures_.put(p.sha256, p, wanted);
  }
}

void PhotoCache::pump(ReviewSession& session, std::set<std::string> wanted) {
  for (auto& l : loader_->take()) backlog_.push_back(std::move(l));
  if (auto pos = session.position()) {  // the photos around the one on screen
    const auto& q = session.queue();
    for (std::size_t k = (*pos > 2 ? *pos - 2 : 0); k < std::min(q.size(), *pos + 3); ++k) wanted.insert(q.at(k).state.photo_sha256);
  }
  // At most a few uploads per frame to keep frames short; the photo on screen goes first.
  if (const QueueRow* cur = session.current())
    std::stable_partition(backlog_.begin(), backlog_.end(), [&](const Loaded& l) {
      return l.kind == LoadKind::full && l.photo->sha256 == cur->state.photo_sha256;
    });
  int uploads = 0;
  while (!backlog_.empty() && uploads < 3) {
    Loaded l = std::move(backlog_.front());
    backlog_.pop_front();
    const PhotoData& p = *l.photo;
    switch (l.kind) {
      case LoadKind::store:  // analyzed and saved by a worker: the row shows it
        if (p.record) give_to_rows(session, *p.record, p.sha256, l.submission_id);
        continue;
      case LoadKind::thumb:
        ++uploads;
        if (p.error.empty()) thumbs_.put(p.sha256, p);
        continue;
      case LoadKind::full:
        // Results for photos the reviewer has already flipped past are dropped, not uploaded.
        if (!wanted.count(p.sha256)) continue;
        ++uploads;
        keep(p, wanted);
        // The live analysis also fills the queue row when the audit has no stored result yet.
        if (l.final && p.error.empty() && p.record) give_to_rows(session, *p.record, p.sha256, 0);
        continue;
    }
  }
  while (meta_order_.size() > kMaxMeta) {
    meta_.erase(meta_order_.front());
    meta_order_.pop_front();
  }
}

}  // namespace pa::ui
