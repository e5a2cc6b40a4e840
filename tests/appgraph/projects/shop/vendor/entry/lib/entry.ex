defmodule Entry do
  @moduledoc false
end
