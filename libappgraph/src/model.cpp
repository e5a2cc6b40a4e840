#include "libappgraph/model.hpp"

namespace appgraph {

const char* to_string(StartType type) {
    switch (type) {
        case StartType::permanent:
            return "permanent";
        case StartType::transient:
            return "transient";
        case StartType::temporary:
            return "temporary";
        case StartType::load:
            return "load";
        case StartType::none:
            return "none";
    }
    return "permanent";
}

std::optional<StartType> start_type_from_string(const std::string& text) {
    for (StartType t : {StartType::permanent, StartType::transient, StartType::temporary,
                        StartType::load, StartType::none}) {
        if (text == to_string(t)) return t;
    }
    return std::nullopt;
}

}  // namespace appgraph
