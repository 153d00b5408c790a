// The photos the workstation has in hand: the loader (workers decode and analyze), the GL texture
// caches (full photos with their overlay maps, thumbnails) and what it keeps of each analyzed
// photo besides its textures. GL uploads happen only here, on the main thread (pump()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "review/session.h"
#include "ui/photos/texture_cache.h"
#include "ui/photos/photo_data.h"
#include "ui/photos/photo_loader.h"

namespace pa::ui {

// What the UI keeps of a loaded photo besides its textures: the PhotoData without its pixels
// (checks, geometry, the analysis record, errors) and the size of the display copy.
struct PhotoMeta : PhotoData {
  int tex_width = 0, tex_height = 0;  // display copy
};

class PhotoCache {
 public:
  // `gl` false: no GL calls (headless tests); photos still decode on the workers.
  PhotoCache(PhotoLoader::StoreFactory factory, std::string engine_version, bool gl);
  ~PhotoCache();
  PhotoCache(const PhotoCache&) = delete;
  PhotoCache& operator=(const PhotoCache&) = delete;

  // Takes the workers' results: uploads at most a few per frame (the photo on screen first), drops
  // results for photos no longer wanted (not near the session's position, nor in `wanted`), and gives each stored or live analysis to its
  // queue row (review/queue.h apply_analysis, through `session`).
  void pump(ReviewSession& session, std::set<std::string> wanted);
  // Asks for the photos around the session's position (and `extra`, e.g. the earlier version).
  void request_around(const ReviewSession& session, const std::string& extra = {});
  // Drops queued full loads (the reviewer flipped on).
  void drop_queued() { loader_->drop_queued(LoadKind::full, 0); }

  const PhotoMeta* meta(const std::string& sha) const;
  bool ready(const std::string& sha) const { return textures_.contains(sha); }
  GpuPhoto* texture(const std::string& sha) { return textures_.get(sha); }
  // The thumbnail, else the full texture, else null (and the thumbnail is asked for).
  GpuPhoto* thumbnail(const std::string& sha);
  // Asks for one photo (trainer screens): priority as PhotoLoader::request.
  void request(const std::string& sha, int priority) { loader_->request(sha, LoadKind::full, priority); }
  // The analysis record the workstation made itself for a photo, for the submission it shows (what
  // goes with a decision when the audit lacks one); nullopt when there is none.
  std::optional<AnalysisRecord> record_for(const std::string& sha, std::int64_t submission_id) const;

  PhotoLoader& loader() { return *loader_; }
  const PhotoLoader& loader() const { return *loader_; }
  std::size_t texture_bytes() const { return textures_.bytes(); }
  std::size_t texture_entries() const { return textures_.size(); }

 private:
  void keep(const PhotoData& p, const std::set<std::string>& wanted);

  std::unique_ptr<PhotoLoader> loader_;
  TextureCache textures_;
  TextureCache thumbs_;
  std::unordered_map<std::string, PhotoMeta> meta_;
  std::deque<std::string> meta_order_;
  std::deque<Loaded> backlog_;  // worker results waiting for their GL upload
};

}  // namespace pa::ui
