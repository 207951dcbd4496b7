// The project's gazetteer plus iso-codes, loaded once for the pipeline tests.
#pragma once

#include "pipeline/gazetteer.h"
#include "tests/test_util.h"

namespace newsd::test {

inline const Gazetteer& TestGazetteer() {
  static const Gazetteer g = [] {
    auto r = Gazetteer::FromJson(ReadFile(ProjectDataPath("gazetteer.json")),
                                 ReadFile("/usr/share/iso-codes/json/iso_3166-1.json"));
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
    if (Status st = r->AddSubdivisions(ReadFile("/usr/share/iso-codes/json/iso_3166-2.json"));
        !st.ok())
      throw std::runtime_error(st.ToString());
    return std::move(r).value();
  }();
  return g;
}

}  // namespace newsd::test
