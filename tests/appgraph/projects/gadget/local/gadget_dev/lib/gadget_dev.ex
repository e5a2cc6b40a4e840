defmodule GadgetDev do
  @moduledoc false
end
