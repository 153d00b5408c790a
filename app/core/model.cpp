#include "core/model.h"

namespace pa {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::approve: return "approve";
    case Verdict::reject: return "reject";
    case Verdict::reshoot: return "reshoot";
  }
  return "?";
}

std::optional<Verdict> verdict_from_string(const std::string& s) {
  if (s == "approve") return Verdict::approve;
  if (s == "reject") return Verdict::reject;
  if (s == "reshoot") return Verdict::reshoot;
  return std::nullopt;
}

const char* to_string(Status s) {
  switch (s) {
    case Status::pending: return "pending";
    case Status::approved: return "approved";
    case Status::rejected: return "rejected";
    case Status::reshoot: return "reshoot";
    case Status::without_photo: return "without_photo";
    case Status::file_corrupt: return "file_corrupt";
  }
  return "?";
}

const char* status_label_zh(Status s) {
  switch (s) {
    case Status::pending: return "待审核";
    case Status::approved: return "合格";
    case Status::rejected: return "不合格";
    case Status::reshoot: return "需重拍";
    case Status::without_photo: return "未提交照片";
    case Status::file_corrupt: return "文件损坏";
  }
  return "?";
}

Status status_of(Verdict v) {
  switch (v) {
    case Verdict::approve: return Status::approved;
    case Verdict::reject: return Status::rejected;
    case Verdict::reshoot: return Status::reshoot;
  }
  return Status::pending;
}

}  // namespace pa
