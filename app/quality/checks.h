// Factories of the check families (one .cpp per family, one class per measure inside).
#pragma once

#include <memory>
#include <vector>

#include "quality/check.h"

namespace pa::quality {

using CheckList = std::vector<std::unique_ptr<Check>>;

void add_format_checks(const Config& c, CheckList& out);      // checks_format.cpp
void add_face_checks(const Config& c, CheckList& out);        // checks_face.cpp
void add_framing_checks(const Config& c, CheckList& out);     // checks_framing.cpp
void add_exposure_checks(const Config& c, CheckList& out);    // checks_exposure.cpp
void add_glare_checks(const Config& c, CheckList& out);       // checks_glare.cpp
void add_background_checks(const Config& c, CheckList& out);  // checks_background.cpp
void add_hint_checks(const Config& c, CheckList& out);        // checks_hints.cpp

}  // namespace pa::quality
