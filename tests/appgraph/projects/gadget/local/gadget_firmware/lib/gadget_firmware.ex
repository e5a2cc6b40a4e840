defmodule GadgetFirmware do
  @moduledoc false
end
